// State-machine diagrams drawn at build time from the spec's x-transitions (DECISIONS.md D-47):
// Graphviz DOT rendered to SVG by Viz.js (Graphviz compiled to WebAssembly, so no system binary).
import { MODEL } from '@klavi-pay/spec/model';
import { instance } from '@viz-js/viz';

/** @import { SpecModel, StateMachine } from '@klavi-pay/openapi-runtime' */

/**
 * A state machine the docs draw: its status enum schema, the SVG file and the heading.
 * @typedef {{ schema: string, file: string, title: string }} Machine
 */
/**
 * A drawn machine: its SVG, and the statuses drawn from the "any status" note.
 * @typedef {Machine & { svg: string, common: string[] }} Diagram
 */

/**
 * The machines the docs draw, in the order the introduction shows them.
 * @type {Machine[]}
 */
export const MACHINES = [
  { schema: 'InstantPaymentStatus', file: 'instant-payment-states.svg', title: 'Instant payment' },
  { schema: 'AutomaticConsentStatus', file: 'automatic-consent-states.svg', title: 'Automatic Pix consent' },
  { schema: 'AutomaticPaymentStatus', file: 'automatic-payment-states.svg', title: 'Automatic Pix payment' },
];

/**
 * Statuses that every live status can move to (CANCELED, ERROR, …). Their many arrows are drawn as
 * one, from an "any status that is not terminal" note, so that the main flow reads top to bottom.
 * @param {Readonly<Record<string, readonly string[]>>} transitions
 * @returns {Set<string>}
 */
export function commonTargets(transitions) {
  const sources = Object.keys(transitions);
  /** @type {Map<string, number>} */
  const counts = new Map();
  for (const targets of Object.values(transitions))
    for (const target of targets) counts.set(target, (counts.get(target) ?? 0) + 1);
  return new Set(
    sources.length < 3 ? [] : [...counts].filter(([, n]) => n === sources.length).map(([target]) => target),
  );
}

/**
 * The moves out of each live status: a terminal status has none to draw.
 * @param {StateMachine} machine
 * @returns {Record<string, readonly string[]>}
 */
const liveTransitions = (machine) =>
  Object.fromEntries(Object.entries(machine.transitions).filter(([from]) => !machine.terminal.includes(from)));

/**
 * DOT source for one state machine of the spec model.
 * @param {StateMachine} machine
 * @returns {string}
 */
export function toDot(machine) {
  const transitions = liveTransitions(machine);
  const terminal = new Set(machine.terminal);
  const common = commonTargets(transitions);
  const targets = new Set(Object.values(transitions).flat());
  const lines = [
    'digraph states {',
    '  rankdir=TB; nodesep=0.3; ranksep=0.35; bgcolor="white"; pad=0.2;',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, fillcolor="#eef3fb", color="#3b5b92", margin="0.12,0.05"];',
    '  edge [color="#3b5b92", arrowsize=0.7];',
    '  start [shape=circle, label="", width=0.18, style=filled, fillcolor="#3b5b92"];',
  ];
  for (const status of machine.statuses) {
    const attributes = terminal.has(status) ? ', fillcolor="#f6efe2", color="#8a5a00", peripheries=2' : '';
    lines.push(`  "${status}" [label="${status}"${attributes}];`);
  }
  for (const status of machine.statuses.filter((s) => !targets.has(s))) lines.push(`  start -> "${status}";`);
  for (const [from, tos] of Object.entries(transitions))
    for (const to of tos) if (!common.has(to)) lines.push(`  "${from}" -> "${to}";`);
  if (common.size > 0) {
    lines.push(
      '  any [shape=note, style="dashed", fillcolor="white", color="#888888", fontcolor="#555555", label="any status that\\nis not terminal"];',
    );
    for (const to of common) lines.push(`  any -> "${to}" [style=dashed, color="#888888"];`);
    lines.push(`  { rank=sink; ${[...common].map((s) => `"${s}"`).join('; ')}; }`);
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * Renders each machine of `spec` to SVG: `[{ ...machine, svg, common }]`.
 * @param {unknown} _spec the spec, unread: the machines come from its model
 * @param {Pick<SpecModel, 'stateMachines'>} [model] the model of `spec`; by default the one the spec package publishes
 * @returns {Promise<Diagram[]>}
 */
export async function renderDiagrams(_spec, { stateMachines } = MODEL) {
  const viz = await instance();
  return MACHINES.map((machine) => {
    const model = stateMachines[machine.schema];
    if (!model || Object.keys(liveTransitions(model)).length === 0)
      throw new Error(`${machine.schema} has no x-transitions to draw`);
    return {
      ...machine,
      svg: viz.renderString(toDot(model), { format: 'svg' }),
      common: [...commonTargets(liveTransitions(model))],
    };
  });
}
