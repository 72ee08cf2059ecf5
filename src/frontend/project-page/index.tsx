import React from 'react';
import ForgeReconciler from '@forge/react';
import { ProjectPage } from './App.js';

ForgeReconciler.render(
  <React.StrictMode>
    <ProjectPage />
  </React.StrictMode>,
);
