import { render } from 'preact';
import '../../components/theme.css';
import './popup.css';
import { App } from './App';
import { t } from '../../lib/i18n';

// The HTML's <title> is English: the browser fills in no messages in extension pages.
document.title = t('extName');

const root = document.getElementById('app');
if (root) render(<App />, root);
