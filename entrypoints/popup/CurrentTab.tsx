import { useState } from 'preact/hooks';
import { pickFields, statusLabel } from '../../components/entry-format';
import { chapterLabel, errorText } from '../../components/format';
import type { LibraryRow, RequestMap, SeriesCandidate, TabState } from '../../lib/protocol/messages';
import { sendMessage } from '../../lib/protocol/send';
import { SERVICE_NAMES, STATUSES, type ReadChoice, type ServiceId, type Status } from '../../lib/model';
import { readChoiceLabel } from '../../lib/reading/read-choice';
import { t } from '../../lib/i18n/t';

interface Props {
  tabId: number;
  state: TabState;
  onState: (state: TabState) => void;
}

/** A question "Mark chapter N as read" answered with choices (Resume or Reread), and what each leaves. */
interface ChoiceQuestion {
  text: string;
  answers: { choice: ReadChoice; chapter: number }[];
}

const HOW: Record<'ids' | 'search' | 'user', () => string> = {
  ids: () => t('popupMatchedByIds'),
  search: () => t('popupMatchedByTitle'),
  user: () => t('popupMatchedByUser'),
};

/** What this tab shows: the series and chapter, how it was matched, its entry on each service, and quick edits. */
export function CurrentTab({ tabId, state, onState }: Props) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [question, setQuestion] = useState<ChoiceQuestion | null>(null);
  const { page, match, row } = state;
  if (!page) {
    return (
      <section class="card" aria-labelledby="tab-heading">
        <h2 id="tab-heading">{t('popupThisTab')}</h2>
        <p class="muted">{t('popupNoChapter')}</p>
      </section>
    );
  }

  const act = async (work: () => Promise<{ ok: boolean; text: string } | null>) => {
    setBusy(true);
    try {
      setResult(await work());
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const refresh = async () => onState(await sendMessage('getTabState', { tabId }));
  /** "Mark chapter N as read", or its answer (`choice`) to the question that asked Resume or Reread. */
  const markRead = (choice?: ReadChoice) =>
    act(async () => {
      setQuestion(null);
      const reply = await sendMessage('markChapterRead', { tabId, choice });
      await refresh();
      if (reply.outcome === 'ask' && reply.choices && reply.choiceChapters) {
        const chapters = reply.choiceChapters;
        setQuestion({ text: reply.question, answers: reply.choices.map((c) => ({ choice: c, chapter: chapters[c] })) });
        return null;
      }
      return { ok: reply.outcome === 'updated', text: reply.message };
    });
  const choose = (candidate: SeriesCandidate) =>
    act(async () => {
      onState(await sendMessage('chooseMatch', { tabId, service: candidate.service, mediaId: candidate.mediaId }));
      return { ok: true, text: t('popupMatchChosen', page.title, candidate.title) };
    });
  const rematch = () =>
    act(async () => {
      onState(await sendMessage('rematchSeries', { tabId }));
      return null;
    });

  return (
    <section class="card" aria-labelledby="tab-heading">
      <h2 id="tab-heading">{page.title}</h2>
      <p>
        <strong>{chapterLabel(page.chapter)}</strong>
        {page.volume !== null && <span class="muted"> · {t('popupVolume', page.volume)}</span>}
        {page.progress && (
          <span class="muted">
            {' '}
            · {t('popupPageOf', page.progress.page, page.progress.pages)}
          </span>
        )}
      </p>
      {match?.kind === 'matched' && (
        <p class="muted">
          {match.title} — {HOW[match.how]()}
          {match.how !== 'ids' && (
            <>
              {' '}
              <button type="button" class="link" disabled={busy} onClick={() => void rematch()}>
                {t('popupNotThisSeries')}
              </button>
            </>
          )}
        </p>
      )}
      {match?.kind === 'none' && <p class="muted">{match.message}</p>}
      {match?.kind === 'choose' && <Candidates candidates={match.candidates} busy={busy} onChoose={(c) => void choose(c)} />}
      {row && <ServiceLinks row={row} />}
      {page.chapter !== null && match?.kind !== 'choose' && (
        <button type="button" class="primary" disabled={busy} onClick={() => void markRead()}>
          {t('popupMarkChapterRead', page.chapter)}
        </button>
      )}
      {question && (
        <div role="group" aria-labelledby="read-choice-question" class="read-choice">
          <p id="read-choice-question">{question.text}</p>
          {question.answers.map(({ choice, chapter }) => (
            <button key={choice} type="button" disabled={busy} onClick={() => void markRead(choice)}>
              {readChoiceLabel(choice, chapter)}
            </button>
          ))}
        </div>
      )}
      {row && <QuickEdit key={`${row.seriesId}:${String(row.updatedAt)}`} row={row} onSaved={(text) => void refresh().then(() => setResult({ ok: true, text }))} onError={(text) => setResult({ ok: false, text })} />}
      {result && (
        <p class={result.ok ? 'muted' : 'error'} role="status">
          {result.text}
        </p>
      )}
    </section>
  );
}

function Candidates({ candidates, busy, onChoose }: { candidates: SeriesCandidate[]; busy: boolean; onChoose: (c: SeriesCandidate) => void }) {
  return (
    <div role="group" aria-labelledby="candidates-heading">
      <h3 id="candidates-heading">{t('popupWhichSeries')}</h3>
      <ul class="candidates">
        {candidates.map((c) => (
          <li key={`${c.service}:${c.mediaId}`}>
            <button type="button" disabled={busy} onClick={() => onChoose(c)}>
              {t('popupThisIs', c.title)}
            </button>
            <span class="muted">
              {[c.year, c.format, c.totalChapters === null ? null : t('popupCandidateChapters', c.totalChapters)].filter((x) => x !== null).join(' · ')}{' '}
              <a href={c.url} target="_blank" rel="noreferrer">
                {t('popupCandidateOn', SERVICE_NAMES[c.service])}
              </a>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const STATE_KEYS = {
  synced: 'popupStateSynced',
  pending: 'popupStatePending',
  failed: 'popupStateFailed',
  missing: 'popupStateMissing',
  unresolved: 'popupStateUnresolved',
} as const;

function ServiceLinks({ row }: { row: LibraryRow }) {
  const services = Object.entries(row.services) as [ServiceId, NonNullable<LibraryRow['services'][ServiceId]>][];
  if (services.length === 0) return null;
  return (
    <ul class="services" aria-label={t('popupOnYourServices')}>
      {services.map(([service, info]) => (
        <li key={service}>
          {info.url ? (
            <a href={info.url} target="_blank" rel="noreferrer">
              {SERVICE_NAMES[service]}
            </a>
          ) : (
            <span>{SERVICE_NAMES[service]}</span>
          )}
          <span class={info.state === 'failed' ? 'error' : 'muted'}>{info.error ?? t(STATE_KEYS[info.state])}</span>
        </li>
      ))}
    </ul>
  );
}

/** Status, progress and score of the matched series, saved to every service like a Library edit. */
function QuickEdit({ row, onSaved, onError }: { row: LibraryRow; onSaved: (text: string) => void; onError: (text: string) => void }) {
  const [status, setStatus] = useState<Status>(row.entry?.status ?? 'reading');
  const [progress, setProgress] = useState(String(row.entry?.progress ?? 0));
  const [score, setScore] = useState(row.entry?.score === null || row.entry === null ? '' : String(row.entry.score));
  const save = async (event: Event) => {
    event.preventDefault();
    const chapters = Number(progress);
    const points = score.trim() === '' ? null : Number(score);
    if (!Number.isFinite(chapters) || chapters < 0 || (points !== null && (!Number.isInteger(points) || points < 0 || points > 100))) {
      onError(t('popupQuickEditInvalid'));
      return;
    }
    // Only what the user changed here: a value a sync brought in since the popup opened (the phone read on) is not
    // written over with the one this form opened with.
    const opened = row.entry;
    const changes: RequestMap['updateEntry']['changes'] = {
      ...(opened?.status !== status ? { status } : {}),
      ...(opened?.progress !== chapters ? { progress: chapters } : {}),
      ...(opened === null || opened.score !== points ? { score: points } : {}),
    };
    try {
      // (What it showed for them goes too: a value a sync brought in since is logged when this replaces it.)
      if (Object.keys(changes).length > 0) await sendMessage('updateEntry', { seriesId: row.seriesId, changes, ...(opened ? { opened: pickFields(opened, changes) } : {}) });
      onSaved(t('popupQuickEditSaved', row.title));
    } catch (e) {
      onError(errorText(e));
    }
  };
  return (
    <details class="quick-edit">
      <summary>{t('popupQuickEditSummary', row.title)}</summary>
      <form onSubmit={(e) => void save(e)}>
        <label>
          {t('popupQuickEditStatus')}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('popupQuickEditChapters')}
          <input type="number" min={0} step="any" value={progress} onInput={(e) => setProgress(e.currentTarget.value)} />
        </label>
        <label>
          {t('popupQuickEditScore')}
          <input type="number" min={0} max={100} value={score} onInput={(e) => setScore(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('popupQuickEditSave')}</button>
      </form>
    </details>
  );
}
