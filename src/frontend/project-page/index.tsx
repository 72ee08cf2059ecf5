import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { ProjectPage } from './App';

mount(
  <StrictMode>
    <ProjectPage />
  </StrictMode>,
);
