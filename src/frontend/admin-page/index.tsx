import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { AdminPage } from './App';

mount(
  <StrictMode>
    <AdminPage />
  </StrictMode>,
);
