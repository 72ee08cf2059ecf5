import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { AdminPage } from './App.js';

mount(
  <StrictMode>
    <AdminPage />
  </StrictMode>,
);
