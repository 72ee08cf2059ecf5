import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { IssuePanel } from './App';

mount(
  <StrictMode>
    <IssuePanel />
  </StrictMode>,
);
