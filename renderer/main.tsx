import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18n } from './i18n/index.ts';
import './ui/styles.css';
import { App } from './app/App.tsx';
import { openDeskDb } from './db/schema.ts';
import { readStartupHint } from './app/startupHint.ts';

// The sign-in form may show before the database opens (startupHint.ts): in the desk's language.
const { language } = readStartupHint();
if (language) void i18n.changeLanguage(language);

const db = openDeskDb();
// Ask the browser not to evict the desk's data under storage pressure.
void navigator.storage?.persist?.();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App db={db} />
  </StrictMode>,
);
