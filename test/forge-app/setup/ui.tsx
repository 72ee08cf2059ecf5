/** Helpers for rendering UI Kit components against the real resolvers (see ./bridge.ts). */
import { act, create, type ReactTestInstance, type ReactTestRenderer } from 'react-test-renderer';
import type { ReactElement } from 'react';
import { pendingBridgeCalls, setBridge } from './bridge.js';
import type { ForgeRuntime, ModuleResolverKey } from '../../../forge-sim/index.js';

export interface Viewer {
  forge: ForgeRuntime;
  module: ModuleResolverKey;
  accountId: string;
  project?: string;
  issue?: string;
  /** Jira locale, e.g. 'da_DK' or 'en_US'. */
  locale?: string;
}

/** Points the fake bridge at `viewer`: context from the runtime, invoke through the real resolver handler. */
export function viewAs(viewer: Viewer): void {
  setBridge(async (name, payload) => {
    const opts = {
      accountId: viewer.accountId,
      ...(viewer.project ? { project: viewer.project } : {}),
      ...(viewer.issue ? { issue: viewer.issue } : {}),
      ...(viewer.locale ? { locale: viewer.locale } : {}),
    };
    if (name === 'getContext')
      return {
        ...viewer.forge.contextFor(viewer.module, opts),
        locale: viewer.locale ?? 'da_DK',
        accountId: viewer.accountId,
      };
    if (name === 'invoke') {
      const { functionKey, payload: p } = payload as {
        functionKey: string;
        payload?: Record<string, unknown>;
      };
      return viewer.forge.invoke(viewer.module, functionKey, p ?? {}, opts);
    }
    return undefined;
  });
}

/** Waits until no bridge call is running and React has rendered the results. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    if (pendingBridgeCalls() === 0) {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 10));
      });
      if (pendingBridgeCalls() === 0) return;
    }
  }
  throw new Error('The bridge did not settle');
}

export async function render(element: ReactElement): Promise<ReactTestRenderer> {
  let renderer!: ReactTestRenderer;
  await act(async () => {
    renderer = create(element);
  });
  await settle();
  return renderer;
}

/** Every string rendered inside host `Text`, `Heading`, `Button`, `Lozenge`, `Cell` ... elements. */
export function textOf(node: ReactTestInstance | ReactTestRenderer): string {
  const root = 'root' in node ? node.root : node;
  const out: string[] = [];
  const walk = (n: ReactTestInstance | string) => {
    if (typeof n === 'string') {
      out.push(n);
      return;
    }
    if (typeof (n.type as unknown) === 'string' && typeof n.props.title === 'string') out.push(n.props.title);
    for (const c of n.children) walk(c as ReactTestInstance | string);
  };
  walk(root);
  return out.join(' ');
}

export function buttons(r: ReactTestRenderer): ReactTestInstance[] {
  return r.root.findAll((n) => (n.type as unknown) === 'Button');
}

export function button(r: ReactTestRenderer, label: string | RegExp): ReactTestInstance {
  const found = buttons(r).filter((b) => {
    const text = textOf(b);
    return typeof label === 'string' ? text.includes(label) : label.test(text);
  });
  if (found.length === 0)
    throw new Error(
      `No button ${String(label)}; buttons: ${buttons(r)
        .map((b) => textOf(b))
        .join(' | ')}`,
    );
  return found[0]!;
}

/** Clicks a button as a user does: a form's submit button (no onClick of its own) submits its enclosing `Form`. */
export async function click(r: ReactTestRenderer, label: string | RegExp): Promise<void> {
  const b = button(r, label);
  if (b.props.type === 'submit' && !b.props.onClick) {
    let form: ReactTestInstance | null = b.parent;
    while (form && (form.type as unknown) !== 'Form') form = form.parent;
    if (!form) throw new Error(`Submit button ${String(label)} is outside a Form`);
    if (b.props.isDisabled) throw new Error(`Submit button ${String(label)} is disabled`);
    const onSubmit = form.props.onSubmit as () => Promise<void> | void;
    await act(async () => {
      await onSubmit();
    });
  } else {
    await act(async () => {
      (b.props.onClick as () => void)();
    });
  }
  await settle();
}

export async function type(r: ReactTestRenderer, name: string, value: string): Promise<void> {
  const field = r.root.find(
    (n) =>
      ((n.type as unknown) === 'Textfield' || (n.type as unknown) === 'TextArea') && n.props.name === name,
  );
  await act(async () => {
    (field.props.onChange as (e: { target: { value: string } }) => void)({ target: { value } });
  });
}

export async function choose(r: ReactTestRenderer, name: string, value: string): Promise<void> {
  const select = r.root.find((n) => (n.type as unknown) === 'Select' && n.props.name === name);
  await act(async () => {
    (select.props.onChange as (o: { value: string }) => void)({ value });
  });
}

/** Submits the (only) open UI Kit `Form`, as its submit button would. */
export async function submit(r: ReactTestRenderer): Promise<void> {
  const form = r.root.find((n) => (n.type as unknown) === 'Form');
  await act(async () => {
    await (form.props.onSubmit as () => Promise<void> | void)();
  });
  await settle();
}

/**
 * Takes a project step as a user does: its button opens the step's dialog, the fields are filled, the form is
 * submitted. `confirm` ticks a destructive step's confirmation.
 */
export async function takeStep(
  r: ReactTestRenderer,
  label: string | RegExp,
  fields: { text?: string; level?: string; confirm?: boolean } = {},
): Promise<void> {
  await click(r, label);
  if (fields.level) await choose(r, 'level', fields.level);
  if (fields.text !== undefined) await type(r, 'stepText', fields.text);
  if (fields.confirm) {
    const box = r.root.find((n) => (n.type as unknown) === 'Checkbox' && n.props.name === 'confirm');
    await act(async () => {
      (box.props.onChange as () => void)();
    });
  }
  await submit(r);
}

/** Every `Textfield`, `TextArea` and `Select` whose id no `Label` points at (Atlassian: every field labelled). */
export function unlabelledFields(r: ReactTestRenderer): string[] {
  const labels = new Set(
    r.root.findAll((n) => (n.type as unknown) === 'Label').map((l) => l.props.labelFor as string),
  );
  return r.root
    .findAll((n) => ['Textfield', 'TextArea', 'Select'].includes(n.type as unknown as string))
    .filter((f) => !labels.has((f.props.id ?? f.props.inputId) as string))
    .map((f) => String(f.props.name));
}
