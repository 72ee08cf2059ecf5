import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { IssueGlance } from './App.js';

mount(
  <StrictMode>
    <IssueGlance />
  </StrictMode>,
);
