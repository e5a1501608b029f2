import { render } from 'preact';
import '../../components/theme.css';
import './popup.css';
import { App } from './App';
import { t } from '../../lib/i18n/t';

// The browser fills in no messages in extension pages: the <title> (__MSG_extName__, for the manifest) and the lang
// come from here. The lang is the translation's own, so a screen reader reads the text in its language.
document.documentElement.lang = t('uiLanguage');
document.title = t('extName');

const root = document.getElementById('app');
if (root) render(<App />, root);
