import { StrictMode } from 'react';
import { mount } from '../shared/render.js';
import { SettingsPage } from './App.js';

mount(
  <StrictMode>
    <SettingsPage />
  </StrictMode>,
);
