import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { IssuePanel } from './App.js';

mount(
  <StrictMode>
    <IssuePanel />
  </StrictMode>,
);
