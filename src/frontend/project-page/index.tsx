import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { ProjectPage } from './App.js';

mount(
  <StrictMode>
    <ProjectPage />
  </StrictMode>,
);
