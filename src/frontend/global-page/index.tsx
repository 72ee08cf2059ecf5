import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { GlobalPage } from './App.js';

mount(
  <StrictMode>
    <GlobalPage />
  </StrictMode>,
);
