import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { IssueGlance } from './App';

mount(
  <StrictMode>
    <IssueGlance />
  </StrictMode>,
);
