/**
 * `npx tsx test/pictures/forge-pictures.ts`: structural pictures of the Forge app's UI Kit modules for
 * docs/forge-app.md (docs/forge-<module>.png).
 *
 * UI Kit renders natively inside Jira, so Atlassian's own rendering cannot be reproduced offline. Instead each
 * real module component is rendered exactly as the render tests do (test/forge-app/ui-*.test.tsx): a fake Forge
 * bridge whose `invoke` calls the real resolver handler through the local Forge runtime against the Jira
 * simulator. The rendered UI Kit host-element tree (Heading, Text, Button, Lozenge, Stack, DynamicTable ...) is
 * turned into plain HTML with a small stylesheet that approximates Atlassian's look, and screenshotted in
 * Chromium. The content, the roles and what is offered or refused are real; the styling is an approximation.
 */
// The fake bridge must be loaded before any @forge/react or @forge/bridge module (see its header).
import '../forge-app/setup/bridge.js';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createElement, type ComponentType } from 'react';
import type { ReactTestRenderer, ReactTestRendererJSON } from 'react-test-renderer';
import { chromium } from 'playwright-core';
import { choose, click, render, takeStep, type, viewAs, type Viewer } from '../forge-app/setup/ui.js';
import {
  cleanupPrefix,
  startService,
  testConfig,
  SECRET as SERVICE_SECRET,
} from '../../sync-worker/test/helpers.js';
import { startApp, BOARD, SECRETARIAT, product, membersOf } from '../forge-app/helpers.js';
import { FEATURE_REQUEST_TYPE, PORTFOLIO_TYPE, type JiraSim } from '../../jira-sim/index.js';
import { FIXTURE_PEOPLE, FIXTURE_PRODUCTS } from '../../demo/fixtures.js';
import { rollUp } from '../../src/domain/roll-up.js';
import { ROLLUP_PROPERTY, signRollUp } from '../../src/mirror/rollup-mirror.js';
import { ProjectPage } from '../../src/frontend/project-page/App.js';
import { SettingsPage } from '../../src/frontend/settings-page/App.js';
import { IssuePanel } from '../../src/frontend/issue-panel/App.js';
import { IssueGlance } from '../../src/frontend/issue-glance/App.js';
import { GlobalPage } from '../../src/frontend/global-page/App.js';
import { AdminPage } from '../../src/frontend/admin-page/App.js';
import { History } from '../../src/frontend/project-page/History.js';
import { TopVoted } from '../../src/frontend/project-page/TopVoted.js';
import { Lists } from '../../src/frontend/global-page/Lists.js';
import { ImportPanel } from '../../src/frontend/global-page/ImportPanel.js';
import { MeetingPanel } from '../../src/frontend/global-page/MeetingPanel.js';
import { useLocale } from '../../src/frontend/shared/resolver.js';

// The sections of issue 15 on their own (the whole pages are pictured above them), with the module's locale.
function HistorySection() {
  const { locale, t } = useLocale();
  return createElement(History, { locale, t });
}
function TopVotedSection() {
  const { locale, t } = useLocale();
  return createElement(TopVoted, { locale, t });
}
function ImportTab() {
  const { locale, t } = useLocale();
  return createElement(ImportPanel, { locale, t });
}
/** The header and the first 12 products of the import test file (rows 7 and 12 are broken). */
const IMPORT_SAMPLE = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'import', 'portfolio-40.csv'),
  'utf8',
)
  .split('\r\n')
  .slice(0, 13)
  .join('\r\n');
function MeetingTab() {
  const { locale, t, ready } = useLocale();
  return createElement(MeetingPanel, { locale, t, ready });
}
function ListsTab() {
  const { locale, t, ready } = useLocale();
  return createElement(Lists, { locale, t, ready });
}

const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
const WIDTH = 1000;

// ---------------------------------------------------------------------------------------------------------
// UI Kit host tree → HTML

type Node = ReactTestRendererJSON | string;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SPACE: Record<string, number> = {
  'space.0': 0,
  'space.025': 2,
  'space.050': 4,
  'space.075': 6,
  'space.100': 8,
  'space.150': 12,
  'space.200': 16,
  'space.250': 20,
  'space.300': 24,
  'space.400': 32,
  'space.500': 40,
};
const gap = (space: unknown): number => (typeof space === 'string' ? (SPACE[space] ?? 8) : 0);
const cls = (value: unknown, fallback: string): string =>
  typeof value === 'string' && /^[a-z]+$/.test(value) ? value : fallback;
const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

const SECTION_ICON: Record<string, string> = { error: '!', warning: '!', success: '✓', information: 'i' };

/** Types the converter does not know, reported once so a new component is noticed. */
const unknownTypes = new Set<string>();

function children(n: ReactTestRendererJSON): string {
  return (n.children ?? []).map(toHtml).join('');
}

/** The label an option object shows (UI Kit Select options are `{ label, value }`). */
function optionLabel(option: unknown): string {
  return option && typeof option === 'object' && 'label' in option
    ? str((option as { label: unknown }).label)
    : '';
}

function table(n: ReactTestRendererJSON): string {
  const parts = (n.children ?? []).filter((c): c is ReactTestRendererJSON => typeof c !== 'string');
  const head = parts.find((p) => p.type === 'ContentWrapper' && p.props.name === 'head');
  const rows = parts.find((p) => p.type === 'ContentWrapper' && p.props.name === 'rows');
  const headCells = (head?.children ?? []).filter((c): c is ReactTestRendererJSON => typeof c !== 'string');
  const headHtml = headCells.map(children);
  const thead = headHtml.some((h) => h.trim() !== '')
    ? `<thead><tr>${headHtml.map((h) => `<th>${h}</th>`).join('')}</tr></thead>`
    : '';
  const allRows = (rows?.children ?? []).filter((r): r is ReactTestRendererJSON => typeof r !== 'string');
  // A paginated table shows its first page and the pager, as Jira does.
  const perPage = typeof n.props.rowsPerPage === 'number' ? n.props.rowsPerPage : allRows.length;
  const pages = Math.max(1, Math.ceil(allRows.length / Math.max(1, perPage)));
  const pager =
    pages > 1
      ? `<div class="pager">${Array.from({ length: Math.min(pages, 10) }, (_v, i) => `<span class="${i === 0 ? 'on' : ''}">${i + 1}</span>`).join('')}</div>`
      : '';
  const body = allRows
    .slice(0, perPage)
    .map(
      (r) =>
        `<tr>${(r.children ?? [])
          .filter((c): c is ReactTestRendererJSON => typeof c !== 'string')
          .map((c) => `<td>${children(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="dt">${thead}<tbody>${body}</tbody></table>${pager}`;
}

export function toHtml(n: Node): string {
  if (typeof n === 'string') return escapeHtml(n);
  const p = n.props;
  switch (n.type) {
    case 'Stack':
      return `<div class="stack" style="gap:${gap(p.space)}px">${children(n)}</div>`;
    case 'Inline':
      return `<div class="inline${p.alignBlock === 'center' ? ' center' : p.alignBlock === 'end' ? ' end' : ''}" style="gap:${gap(p.space)}px">${children(n)}</div>`;
    case 'Box':
      return `<div class="box">${children(n)}</div>`;
    case 'Heading': {
      const level = /^h[1-6]$/.test(str(p.as)) ? str(p.as) : 'h2';
      return `<${level} class="heading">${children(n)}</${level}>`;
    }
    case 'Text':
      return `<p class="text">${children(n)}</p>`;
    case 'Strong':
      return `<strong>${children(n)}</strong>`;
    case 'Em':
      return `<em>${children(n)}</em>`;
    case 'Button': {
      const icon = p.iconBefore === 'chevron-right' ? '▸ ' : p.iconBefore === 'chevron-down' ? '▾ ' : '';
      return `<button class="btn ${cls(p.appearance, 'default')}"${p.isDisabled ? ' disabled' : ''}>${icon}${children(n)}</button>`;
    }
    case 'Label':
      return `<label class="label">${children(n)}</label>`;
    case 'RequiredAsterisk':
      return `<span class="required">*</span>`;
    case 'HelperMessage':
      return `<div class="helper">${children(n)}</div>`;
    case 'ErrorMessage':
      return `<div class="error-msg"><span class="icon">!</span>${children(n)}</div>`;
    case 'Form':
      return `<form>${children(n)}</form>`;
    case 'Checkbox':
      return `<div class="checkbox${p.isInvalid ? ' invalid' : ''}"><span class="box${p.isChecked ? ' on' : ''}"></span>${escapeHtml(str(p.label))}</div>`;
    // The open dialog over the page, as Jira shows it (the page dimmed behind).
    case 'ModalTransition':
      return children(n);
    case 'Modal':
      return `<div class="blanket"><div class="modal">${children(n)}</div></div>`;
    case 'ModalHeader':
      return `<div class="modal-header">${children(n)}</div>`;
    case 'ModalTitle':
      return `<h1 class="modal-title ${cls(p.appearance, 'default')}">${
        p.appearance === 'danger' || p.appearance === 'warning' ? '<span class="icon">!</span>' : ''
      }${children(n)}</h1>`;
    case 'ModalBody':
      return `<div class="modal-body">${children(n)}</div>`;
    case 'ModalFooter':
      return `<div class="modal-footer">${children(n)}</div>`;
    case 'Lozenge':
      return `<span class="lozenge ${cls(p.appearance, 'default')}${p.isBold ? ' bold' : ''}">${children(n)}</span>`;
    case 'Select': {
      const shown = optionLabel(p.value);
      const text = shown
        ? `<span>${escapeHtml(shown)}</span>`
        : `<span class="placeholder">${escapeHtml(str(p.placeholder) || 'Vælg …')}</span>`;
      return `<div class="field select">${text}<span class="chevron"></span></div>`;
    }
    case 'Textfield': {
      const value = str(p.value);
      return `<div class="field textfield">${
        value ? escapeHtml(value) : `<span class="placeholder">${escapeHtml(str(p.placeholder))}</span>`
      }</div>`;
    }
    case 'TextArea': {
      const value = str(p.value);
      return `<div class="field textarea">${
        value ? escapeHtml(value) : `<span class="placeholder">${escapeHtml(str(p.placeholder))}</span>`
      }</div>`;
    }
    case 'Toggle':
      return `<span class="toggle${p.isChecked ? ' on' : ''}"><span></span></span>`;
    case 'UserPicker':
      return `<div class="userpicker"><label>${escapeHtml(str(p.label))}</label><div class="field select"><span class="placeholder">${escapeHtml(
        str(p.placeholder) || '',
      )}</span><span class="chevron"></span></div></div>`;
    case 'SectionMessage':
      return `<div class="section ${cls(p.appearance, 'information')}"><span class="icon">${
        SECTION_ICON[str(p.appearance)] ?? 'i'
      }</span><div>${
        p.title ? `<div class="title">${escapeHtml(str(p.title))}</div>` : ''
      }${children(n)}</div></div>`;
    case 'Spinner':
      return `<span class="spinner" title="${escapeHtml(str(p.label))}"></span>`;
    case 'DynamicTable':
      return table(n);
    // Tabs: the tab bar, and only the first panel (the one Jira shows when the page opens).
    case 'Tabs': {
      const kids = (n.children ?? []).filter((c): c is ReactTestRendererJSON => typeof c !== 'string');
      const firstPanel = kids.find((c) => c.type === 'TabPanel');
      return `<div class="tabs">${kids
        .filter((c) => c.type !== 'TabPanel' || c === firstPanel)
        .map(toHtml)
        .join('')}</div>`;
    }
    case 'TabList':
      return `<div class="tablist">${children(n)}</div>`;
    case 'Tab':
      return `<span class="tab">${children(n)}</span>`;
    case 'TabPanel':
      return `<div class="tabpanel">${children(n)}</div>`;
    case 'CodeBlock':
      return `<pre class="code">${escapeHtml(str(p.text))}</pre>`;
    default:
      unknownTypes.add(n.type);
      return `<div class="unknown" data-type="${escapeHtml(n.type)}">${children(n)}</div>`;
  }
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #f7f8f9; color: #172b4d;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans", Ubuntu, "Droid Sans",
    "Helvetica Neue", "DejaVu Sans", sans-serif;
  font-size: 14px; line-height: 20px; }
.frame { width: ${WIDTH}px; background: #fff; }
.caption { background: #f1f2f4; border-bottom: 1px solid #dcdfe4; color: #44546f; font-size: 12px;
  padding: 6px 24px; }
.caption b { color: #172b4d; }
.content { padding: 20px 24px 28px; }
.content.narrow { width: 360px; }
.stack { display: flex; flex-direction: column; align-items: stretch; }
.stack > .btn, .stack > .lozenge { align-self: flex-start; }
.inline { display: flex; flex-direction: row; flex-wrap: wrap; align-items: flex-start; }
.inline.center { align-items: center; }
.heading { margin: 0; color: #172b4d; font-weight: 500; }
h2.heading { font-size: 24px; line-height: 28px; font-weight: 500; }
h3.heading { font-size: 20px; line-height: 24px; font-weight: 500; margin-top: 4px; }
h4.heading { font-size: 16px; line-height: 20px; font-weight: 600; margin: 8px 0 4px; }
.text { margin: 0; }
.btn { font: inherit; font-weight: 500; border: none; border-radius: 3px; padding: 0 10px; height: 32px;
  line-height: 32px; cursor: pointer; white-space: nowrap; background: rgba(9,30,66,0.04);
  color: #42526e; }
.btn.primary { background: #0c66e4; color: #fff; }
.btn.danger { background: #c9372c; color: #fff; }
.btn.warning { background: #f5cd47; color: #172b4d; }
.inline.end { align-items: flex-end; }
.label { display: block; font-size: 12px; font-weight: 600; color: #6b778c; margin: 4px 0 4px; }
.required { color: #c9372c; margin-left: 2px; }
.helper { font-size: 12px; color: #6b778c; margin-top: 4px; }
.error-msg { font-size: 12px; color: #ae2e24; margin-top: 4px; display: flex; gap: 4px; align-items: center; }
.error-msg .icon { width: 14px; height: 14px; border-radius: 50%; background: #c9372c; color: #fff;
  font-size: 10px; font-weight: 700; line-height: 14px; text-align: center; flex: none; }
.checkbox { display: flex; gap: 8px; align-items: center; }
.checkbox .box { width: 14px; height: 14px; border: 2px solid #8590a2; border-radius: 3px; flex: none; }
.checkbox.invalid .box { border-color: #c9372c; }
.checkbox .box.on { background: #0c66e4; border-color: #0c66e4; }
.frame { position: relative; }
.blanket { position: absolute; inset: 0; background: rgba(9,30,66,0.54); display: flex;
  justify-content: center; align-items: flex-start; padding-top: 60px; }
.modal { width: 600px; background: #fff; border-radius: 3px; box-shadow: 0 8px 12px rgba(9,30,66,0.3); }
.modal-header { padding: 24px 24px 6px; }
.modal-title { margin: 0; font-size: 20px; line-height: 24px; font-weight: 500; display: flex; gap: 8px;
  align-items: center; }
.modal-title .icon { width: 20px; height: 20px; border-radius: 50%; color: #fff; font-size: 13px;
  line-height: 20px; text-align: center; }
.modal-title.danger .icon { background: #c9372c; }
.modal-title.warning .icon { background: #e2b203; }
.modal-body { padding: 2px 24px; }
.modal-footer { padding: 22px 24px 24px; display: flex; justify-content: flex-end; gap: 8px; }
.pager { display: flex; gap: 4px; justify-content: center; margin-top: 6px; }
.pager span { padding: 2px 8px; border-radius: 3px; color: #44546f; }
.pager span.on { background: #e9f2ff; color: #0c66e4; font-weight: 600; }
.btn.subtle { background: transparent; }
.btn.link { background: transparent; color: #0c66e4; }
.btn:disabled { background: rgba(9,30,66,0.04); color: #a5adba; cursor: not-allowed; }
.lozenge { display: inline-block; border-radius: 3px; padding: 0 4px; font-size: 11px; font-weight: 700;
  line-height: 16px; text-transform: uppercase; white-space: nowrap; background: #dfe1e6; color: #42526e; }
.lozenge.success { background: #dcfff1; color: #216e4e; }
.lozenge.removed { background: #ffeceb; color: #ae2e24; }
.lozenge.inprogress { background: #e9f2ff; color: #0055cc; }
.lozenge.new { background: #f3f0ff; color: #5e4db2; }
.lozenge.moved { background: #fff7d6; color: #a54800; }
.lozenge.bold.default { background: #44546f; color: #fff; }
.lozenge.bold.success { background: #1f845a; color: #fff; }
.lozenge.bold.removed { background: #c9372c; color: #fff; }
.lozenge.bold.inprogress { background: #0c66e4; color: #fff; }
.lozenge.bold.new { background: #6e5dc6; color: #fff; }
.lozenge.bold.moved { background: #e2b203; color: #172b4d; }
.field { border: 2px solid #dfe1e6; background: #f7f8f9; border-radius: 3px; min-height: 36px;
  padding: 6px 8px; color: #172b4d; }
.field .placeholder { color: #7a869a; }
.textfield { min-width: 220px; }
.textarea { min-height: 60px; }
.select { display: flex; align-items: center; justify-content: space-between; min-width: 240px; gap: 8px; }
.chevron { width: 8px; height: 8px; border-right: 2px solid #44546f; border-bottom: 2px solid #44546f;
  transform: rotate(45deg); margin: -4px 4px 0 0; flex: none; }
.userpicker label { display: block; font-size: 12px; font-weight: 600; color: #6b778c; margin-bottom: 4px; }
.toggle { display: inline-block; width: 32px; height: 16px; border-radius: 8px; background: #8590a2;
  position: relative; flex: none; }
.toggle span { position: absolute; top: 2px; left: 2px; width: 12px; height: 12px; border-radius: 50%;
  background: #fff; }
.toggle.on { background: #22a06b; }
.toggle.on span { left: 18px; }
.section { display: flex; gap: 12px; border-radius: 3px; padding: 16px; background: #e9f2ff; }
.section .icon { width: 20px; height: 20px; border-radius: 50%; flex: none; background: #0c66e4;
  color: #fff; font-size: 13px; font-weight: 700; line-height: 20px; text-align: center; }
.section .title { font-weight: 600; margin-bottom: 4px; }
.section.success { background: #dcfff1; }
.section.success .icon { background: #22a06b; }
.section.error { background: #ffeceb; }
.section.error .icon { background: #c9372c; }
.section.warning { background: #fff7d6; }
.section.warning .icon { background: #e2b203; }
.spinner { display: inline-block; width: 24px; height: 24px; border: 3px solid #dfe1e6;
  border-top-color: #0c66e4; border-radius: 50%; }
.dt { width: 100%; border-collapse: collapse; }
.dt th { text-align: left; color: #6b778c; font-size: 12px; font-weight: 600; padding: 4px 8px;
  border-bottom: 2px solid #dfe1e6; vertical-align: bottom; }
.dt td { padding: 6px 8px; border-bottom: 1px solid #ebecf0; vertical-align: top; }
.dt td .field { min-width: 180px; }
.unknown { outline: 1px dashed #c9372c; }
.tablist { display: flex; gap: 16px; border-bottom: 2px solid #dfe1e6; margin-bottom: 16px; }
.tab { padding: 6px 2px; color: #44546f; font-weight: 500; }
.tab:first-child { color: #0c66e4; border-bottom: 2px solid #0c66e4; margin-bottom: -2px; }
.code { background: #f7f8f9; border: 1px solid #dcdfe4; border-radius: 3px; padding: 8px; font-size: 12px;
  white-space: pre-wrap; margin: 0; }
`;

function page(
  tree: ReactTestRendererJSON | ReactTestRendererJSON[] | null,
  caption: string,
  narrow: boolean,
): string {
  const nodes = tree === null ? [] : Array.isArray(tree) ? tree : [tree];
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><style>${CSS}</style></head><body>
<div class="frame"><div class="caption">${caption}</div><div class="content${narrow ? ' narrow' : ''}">${nodes
    .map(toHtml)
    .join('')}</div></div></body></html>`;
}

// ---------------------------------------------------------------------------------------------------------
// The pictures

interface Picture {
  file: string;
  component: ComponentType;
  viewer: Omit<Viewer, 'forge'>;
  /** Who is looking, for the caption (plain text, escaped). */
  who: string;
  narrow?: boolean;
  /** What the user does before the picture is taken (through the real resolver), for the caption. */
  action?: { describe: string; run(r: ReactTestRenderer): Promise<void> };
  /** Pixels from the top to keep (a dialog over a long page). */
  height?: number;
}

function featureRequestKey(sim: JiraSim, projectKey: string, n: number): string {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey)!;
  const types = state.projectIssueTypes(project);
  const issues = [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id && types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  );
  const issue = issues[n];
  if (!issue) throw new Error(`No feature request ${n} in ${projectKey}`);
  return issue.key;
}

function openRequests(sim: JiraSim, projectKey: string): number {
  const state = sim.site('os2').state;
  const project = state.resolveProject(projectKey);
  if (!project) return 0;
  const types = state.projectIssueTypes(project);
  return [...state.issues.values()].filter(
    (i) =>
      i.projectId === project.id && types.find((t) => t.id === i.issueTypeId)?.name === FEATURE_REQUEST_TYPE,
  ).length;
}

/** Writes a signed roll-up per fixture product to the portfolio project, as the sync service would. */
async function writeRollUps(sim: JiraSim): Promise<void> {
  const site = sim.site('os2');
  const auth = `Basic ${Buffer.from(`${site.admin.email}:${site.admin.apiToken}`).toString('base64')}`;
  for (const p of FIXTURE_PRODUCTS) {
    if (!site.state.resolveProject(p.record.project.key)) continue;
    const r = rollUp({
      site: 'os2',
      record: p.record,
      decisions: p.decisions,
      integrity: 'verified',
      openRequests: openRequests(sim, p.record.project.key),
      topRequests: [],
    });
    const res = await fetch(`${site.baseUrl}/rest/api/3/issue`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        fields: { project: { key: 'PORT' }, issuetype: { name: PORTFOLIO_TYPE }, summary: p.record.name },
        // Signed as the service signs it, with the secret the app is given below: the global page shows an
        // unsigned roll-up as "Kan ikke verificeres" (issue 13).
        properties: [
          { key: ROLLUP_PROPERTY, value: signRollUp(r, { portfolioProject: 'PORT' }, SERVICE_SECRET) },
        ],
      }),
    });
    if (res.status !== 201) throw new Error(`Writing the roll-up of ${p.record.name}: HTTP ${res.status}`);
  }
}

/** Something on each list of the Lists tab: a poll, change requests (one published), an unregistered project. */
async function listsData(forge: Awaited<ReturnType<typeof startApp>>['forge'], sim: JiraSim): Promise<void> {
  const ok = (a: { ok: boolean; error?: unknown }, what: string) => {
    if (!a.ok) throw new Error(`${what}: ${JSON.stringify(a.error)}`);
  };
  const mo = featureRequestKey(sim, 'MO', 0);
  ok(
    await forge.invoke(
      'issue-panel',
      'openPoll',
      {
        question: 'Skal OS2mo have en ny rapport over organisationsændringer?',
        alternatives: ['Ja', 'Nej'],
        deadline: '2027-01-15T12:00:00.000Z',
      },
      { accountId: SECRETARIAT, issue: mo },
    ),
    'poll',
  );
  const cr = (
    key: string,
    action: string,
    input: Record<string, unknown>,
    rev: number,
    accountId = SECRETARIAT,
  ) =>
    forge.invoke(
      'issue-panel',
      'changeRequest',
      { action, input, expectedRevision: rev },
      { accountId, issue: key },
    );
  const [a, b, c] = [0, 2, 3].map((n) => featureRequestKey(sim, 'KITOS', n));
  ok(await cr(a!, 'submit', { size: 'small' }, 0, 'k151-bo'), 'submit');
  ok(await cr(a!, 'decideSmall', { approve: true, reason: 'En ny kontraktrolle' }, 1), 'decide');
  ok(await cr(a!, 'publish', {}, 2), 'publish');
  ok(await cr(b!, 'submit', { size: 'large' }, 0, 'k151-bo'), 'submit');
  ok(await cr(c!, 'submit', { size: 'large' }, 0, 'k151-bo'), 'submit');
  const site = sim.site('os2');
  site.state.addProject({
    id: '10990',
    key: 'BORGER',
    name: 'OS2borgerPC (ikke registreret)',
    description: '',
    style: 'classic',
    leadAccountId: site.admin.accountId,
    issueTypeSchemeId: '10100',
    scopedIssueTypes: [],
    created: Date.now(),
  });
}

/** The Jira projects of the import sample, not governed yet (the import admits them). */
function importProjects(sim: JiraSim): void {
  const site = sim.site('os2');
  [...IMPORT_SAMPLE.matchAll(/^([A-Z][A-Z0-9_]+);/gm)].forEach((m, i) =>
    site.state.addProject({
      id: String(11001 + i),
      key: m[1]!,
      name: m[1]!,
      leadAccountId: site.admin.accountId,
    }),
  );
}

const displayName = (accountId: string): string =>
  FIXTURE_PEOPLE.find((p) => p.accountId === accountId)?.displayName ?? accountId;

async function main(): Promise<void> {
  const app = await startApp();
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let serviceConfig: ReturnType<typeof testConfig> | undefined;
  try {
    const { sim, forge } = app;
    await writeRollUps(sim);
    const kitos = product('KITOS').record.municipalities[0]!;
    const voter = membersOf(kitos.code)[0];
    if (!voter) throw new Error(`No member of municipality ${kitos.code}`);
    const request = featureRequestKey(sim, 'KITOS', 1);
    const admin = sim.site('os2').admin.accountId;
    await listsData(forge, sim);
    // A real sync service for the admin page's test event, holding the secret the app is given below.
    serviceConfig = testConfig(sim);
    service = await startService(serviceConfig);
    for (const [fn, payload] of [
      ['saveSync', { url: `${service.address}/events` }],
      ['saveSecret', { secret: SERVICE_SECRET }],
    ] as const) {
      const a = (await forge.invoke('admin-page', fn, payload, { accountId: admin })) as { ok: boolean };
      if (!a.ok) throw new Error(`${fn}: ${JSON.stringify(a)}`);
    }
    importProjects(sim);

    const pictures: Picture[] = [
      {
        file: 'forge-project-page.png',
        component: ProjectPage,
        viewer: { module: 'project-page', accountId: BOARD, project: 'IOT' },
        who: `${displayName(BOARD)} (bestyrelsen) på projektet IOT`,
        // Every step is open to the board while IOT is under board review: one primary step forward, the step
        // back as warning, the closing ones as danger; the requirement groups are collapsed with their counts.
        action: {
          describe: 'efter et klik på kravgruppen «Relevans»',
          run: (r) => click(r, /^Relevans:/),
        },
      },
      {
        file: 'forge-project-step-dialog.png',
        component: ProjectPage,
        viewer: { module: 'project-page', accountId: BOARD, project: 'IOT' },
        who: `${displayName(BOARD)} (bestyrelsen) på projektet IOT`,
        // A destructive step's own dialog: the required reason and the confirmation, each refused under its
        // field when the step is sent without them (nothing changed in Jira).
        action: {
          describe: 'efter «Luk (udfas)» sendt uden begrundelse og bekræftelse',
          run: (r) => takeStep(r, 'Luk (udfas)'),
        },
        height: 820,
      },
      {
        file: 'forge-settings-page.png',
        component: SettingsPage,
        viewer: { module: 'settings-page', accountId: 'pl-mo-kristian', project: 'MO' },
        who: `${displayName('pl-mo-kristian')} (projektadministrator) på projektet MO`,
      },
      {
        file: 'forge-issue-panel.png',
        component: IssuePanel,
        viewer: { module: 'issue-panel', accountId: voter.accountId, issue: request },
        who: `${voter.displayName} (${kitos.name}) på udviklingsønsket ${request}`,
      },
      {
        file: 'forge-issue-glance.png',
        component: IssueGlance,
        viewer: { module: 'issue-panel', accountId: voter.accountId, issue: request },
        who: `${voter.displayName} (${kitos.name}) på udviklingsønsket ${request}`,
        narrow: true,
      },
      {
        file: 'forge-global-page.png',
        component: GlobalPage,
        viewer: { module: 'global-page', accountId: SECRETARIAT },
        who: `${displayName(SECRETARIAT)} (sekretariatet)`,
      },
      {
        file: 'forge-project-history.png',
        component: HistorySection,
        viewer: { module: 'project-page', accountId: BOARD, project: 'MO' },
        who: `${displayName(BOARD)} (bestyrelsen) på projektet MO, afsnittet Historik`,
        action: { describe: 'efter et klik på «Vis historik»', run: (r) => click(r, 'Vis historik') },
      },
      {
        file: 'forge-project-top-voted.png',
        component: TopVotedSection,
        viewer: { module: 'project-page', accountId: BOARD, project: 'KITOS' },
        who: `${displayName(BOARD)} (bestyrelsen) på projektet KITOS, afsnittet Mest efterspurgte udviklingsønsker`,
      },
      {
        file: 'forge-global-lists.png',
        component: ListsTab,
        viewer: { module: 'global-page', accountId: SECRETARIAT },
        who: `${displayName(SECRETARIAT)} (sekretariatet), fanen Lister`,
      },
      {
        file: 'forge-global-import.png',
        component: ImportTab,
        viewer: { module: 'global-page', accountId: SECRETARIAT },
        who: `${displayName(SECRETARIAT)} (sekretariatet), fanen Import`,
        action: {
          describe: 'efter at have indsat 12 rækker af regnearket og klikket «Prøvekør»',
          run: async (r) => {
            await type(r, 'importText', IMPORT_SAMPLE);
            await click(r, 'Prøvekør');
          },
        },
      },
      {
        file: 'forge-global-meeting.png',
        component: MeetingTab,
        viewer: { module: 'global-page', accountId: SECRETARIAT },
        who: `${displayName(SECRETARIAT)} (sekretariatet), fanen Bestyrelsesmøde`,
        action: {
          describe:
            'efter at have sat mødedatoen, valgt «Godkend» for OS2iot og «Luk» for OS2mo uden begrundelse og klikket «Registrér»',
          run: async (r) => {
            await type(r, 'planDate', '2026-12-10');
            await click(r, 'Gem mødedato');
            await choose(r, 'choice-concept:10008', 'approve');
            await choose(r, 'choice-attention:10001', 'retire');
            await type(r, 'meetingDate', '2026-12-10');
            await type(r, 'minutesUrl', 'https://os2.eu/bestyrelsen/referat-2026-12-10');
            await click(r, 'Registrér mødets beslutninger');
          },
        },
      },
      {
        file: 'forge-admin-page.png',
        component: AdminPage,
        viewer: { module: 'admin-page', accountId: admin },
        who: 'Jira-administratoren',
        action: {
          describe: 'efter «Udfyld alle kommuner» med mønsteret kommune-{kode} og «Send testhændelse»',
          run: async (r) => {
            await type(r, 'pattern', 'kommune-{kode}');
            await click(r, 'Udfyld alle kommuner');
            await click(r, 'Send testhændelse');
          },
        },
      },
    ];

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const tab = await browser.newPage({ viewport: { width: WIDTH, height: 800 }, deviceScaleFactor: 1 });
    mkdirSync(DOCS, { recursive: true });
    // `npx tsx test/pictures/forge-pictures.ts <file.png> ...` takes only those pictures.
    const only = new Set(process.argv.slice(2));
    for (const pic of pictures.filter((p) => only.size === 0 || only.has(p.file))) {
      viewAs({ forge, ...pic.viewer });
      const renderer = await render(createElement(pic.component));
      if (pic.action) await pic.action.run(renderer);
      const caption = `<b>${escapeHtml(pic.file.replace(/^forge-|\.png$/g, ''))}</b> · set som ${escapeHtml(
        pic.who,
      )}${pic.action ? `, ${escapeHtml(pic.action.describe)}` : ''} · tilnærmet stil, ikke Jiras egen visning`;
      const html = page(renderer.toJSON(), caption, pic.narrow === true);
      renderer.unmount();
      await tab.setContent(html, { waitUntil: 'load' });
      const out = join(DOCS, pic.file);
      if (pic.height) {
        await tab.setViewportSize({ width: WIDTH, height: pic.height });
        await tab.screenshot({ path: out, clip: { x: 0, y: 0, width: WIDTH, height: pic.height } });
      } else {
        await tab.locator('.frame').screenshot({ path: out });
      }
      console.log(`wrote ${out}`);
    }
    if (unknownTypes.size) console.warn(`UI Kit elements without a mapping: ${[...unknownTypes].join(', ')}`);
  } finally {
    await browser?.close();
    await service?.close();
    if (serviceConfig) await cleanupPrefix(serviceConfig.redis.prefix);
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
