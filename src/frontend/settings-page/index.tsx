import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { SettingsPage } from './App';

mount(
  <StrictMode>
    <SettingsPage />
  </StrictMode>,
);
