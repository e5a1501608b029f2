import { render } from 'preact';
import '../../components/theme.css';
import './options.css';
import { App } from './App';
import { t } from '../../lib/i18n';

// The HTML's <title> is English: the browser fills in no messages in extension pages.
document.title = t('optionsPageTitle', t('extName'));

const root = document.getElementById('app');
if (root) render(<App />, root);
