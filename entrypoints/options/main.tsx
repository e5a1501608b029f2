import { render } from 'preact';
import '../../components/theme.css';
import './options.css';
import { App } from './App';
import { t } from '../../lib/i18n/t';

// The HTML's <title> and lang are English: the browser fills in no messages in extension pages. The lang is the
// translation's own, so a screen reader reads the text in the language it is written in.
document.documentElement.lang = t('uiLanguage');
document.title = t('optionsPageTitle', t('extName'));

const root = document.getElementById('app');
if (root) render(<App />, root);
