/**
 * Benchmarks that are measured, never asserted as times: bundle sizes of the production build (raw and gzip).
 * Prints a table and writes bench-results/bundle-sizes.json so runs can be compared.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUILD = path.resolve('.output/chrome-mv3');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const rows = files(BUILD)
  .filter((file) => /\.(js|css|html|json)$/.test(file))
  .map((file) => {
    const bytes = readFileSync(file);
    return { file: path.relative(BUILD, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);

console.table(rows);
const total = rows.reduce((sum, row) => ({ bytes: sum.bytes + row.bytes, gzip: sum.gzip + row.gzip }), { bytes: 0, gzip: 0 });
console.log(`total: ${total.bytes} bytes, ${total.gzip} gzip`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bundle-sizes.json', JSON.stringify({ measuredAt: new Date().toISOString(), rows, total }, null, 2));
