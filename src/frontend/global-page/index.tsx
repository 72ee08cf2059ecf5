import { StrictMode } from 'react';
import { mount } from '../shared/render';
import { GlobalPage } from './App';

mount(
  <StrictMode>
    <GlobalPage />
  </StrictMode>,
);
