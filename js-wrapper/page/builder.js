// The analysis builder: funnel steps (with filters), window, order, count, breakdown,
// exclusions, and the attribution settings. It reads from and writes to the engine's spec, so
// a spec from a shared link restores it and readSpec() is what runs.
import { element } from './dom.js';

export const ATTRIBUTION_MODELS = [
  'first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based',
  'time_decay', 'markov', 'shapley', 'shapley_rate',
];
// Used as the default funnel when the data has at least two of them (in this order).
const ECOMMERCE_STEPS = ['view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
const OPERATORS = ['eq', 'ne', 'in', 'contains', 'starts_with', 'ends_with', 'gt', 'gte', 'lt', 'lte', 'exists'];
const NUMERIC_OPERATORS = new Set(['gt', 'gte', 'lt', 'lte']);
const TRAFFIC_TOUCHPOINTS = ['channel', 'source', 'medium', 'source_medium', 'campaign'];

export function createBuilder(ui, { translate, formatNumber }) {
  let events = []; // [{name, count}] from describe(), most frequent first
  let fields = [];
  let pathTable = false;

  // A text that follows the language switch (translatePage re-reads data-i18n).
  const i18n = (tag, key, attributes = {}) => element(tag, translate(key), { 'data-i18n': key, ...attributes });
  const smallButton = (key, onClick) => {
    const button = i18n('button', key, { type: 'button', class: 'secondary small' });
    button.addEventListener('click', onClick);
    return button;
  };

  function eventSelect(selected, labelKey) {
    const select = element('select', undefined, { 'data-i18n-label': labelKey, 'aria-label': translate(labelKey) });
    const names = new Set(events.map((event) => event.name));
    const choices = [...events];
    if (selected !== undefined && !names.has(selected)) choices.push({ name: selected, count: 0 });
    for (const choice of choices) {
      const label = choice.count === undefined ? choice.name : `${choice.name} (${formatNumber(choice.count)})`;
      const option = element('option', label);
      option.value = choice.name;
      select.append(option);
    }
    if (selected !== undefined) select.value = selected;
    return select;
  }

  function filterRow(filter = {}) {
    const row = element('li', undefined, { class: 'filter' });
    const field = element('input', undefined, {
      list: 'field-list', size: '16', class: 'filter-field', 'data-i18n-label': 'builder.field', 'aria-label': translate('builder.field'),
    });
    field.value = filter.field ?? '';
    const op = element('select', undefined, { class: 'filter-op', 'data-i18n-label': 'builder.op', 'aria-label': translate('builder.op') });
    for (const name of OPERATORS) op.append(element('option', name));
    op.value = filter.op ?? 'eq';
    const value = element('input', undefined, {
      size: '12', class: 'filter-value', 'data-i18n-label': 'builder.value', 'aria-label': translate('builder.value'),
    });
    value.value = Array.isArray(filter.value) ? filter.value.join(',') : (filter.value ?? '');
    row.append(field, ' ', op, ' ', value, ' ', smallButton('builder.remove', () => row.remove()));
    return row;
  }

  function stepEventName(step) {
    if (typeof step === 'string') return step;
    return Array.isArray(step?.event) ? step.event[0] : step?.event;
  }

  function addStep(step) {
    const row = element('li', undefined, { class: 'step' });
    const filters = element('ul', undefined, { class: 'filters' });
    for (const filter of (typeof step === 'object' && step?.where) || []) filters.append(filterRow(filter));
    row.append(
      eventSelect(stepEventName(step), 'builder.stepEvent'), ' ',
      smallButton('builder.up', () => row.previousElementSibling?.before(row)), ' ',
      smallButton('builder.down', () => row.nextElementSibling?.after(row)), ' ',
      smallButton('builder.remove', () => row.remove()), ' ',
      smallButton('builder.addFilter', () => filters.append(filterRow())),
      filters,
    );
    ui.steps.append(row);
  }

  function addExclusion(exclusion = {}) {
    const row = element('li', undefined, { class: 'exclusion' });
    const stepInput = (key, value) => {
      const input = element('input', undefined, { type: 'number', min: '1', max: '64', class: key });
      if (value !== undefined) input.value = String(value);
      return input;
    };
    row.append(
      eventSelect(stepEventName(exclusion), 'builder.exclusionEvent'), ' ',
      i18n('span', 'builder.fromStep'), ' ', stepInput('from-step', exclusion.from_step ?? 1), ' ',
      i18n('span', 'builder.toStep'), ' ', stepInput('to-step', exclusion.to_step ?? Math.max(2, ui.steps.children.length)), ' ',
      smallButton('builder.remove', () => row.remove()),
    );
    ui.exclusions.append(row);
  }

  function readFilter(row) {
    const field = row.querySelector('.filter-field').value.trim();
    const op = row.querySelector('.filter-op').value;
    const text = row.querySelector('.filter-value').value;
    if (!field) return null;
    if (op === 'exists') return { field, op };
    if (op === 'in') return { field, op, value: text.split(',').map((part) => part.trim()) };
    const number = Number(text);
    return { field, op, value: NUMERIC_OPERATORS.has(op) && text.trim() !== '' && Number.isFinite(number) ? number : text };
  }

  function defaultSpec() {
    const present = new Set(events.map((event) => event.name));
    const ecommerce = ECOMMERCE_STEPS.filter((name) => present.has(name));
    const steps = ecommerce.length >= 2 ? ecommerce : events.slice(0, 3).map((event) => event.name);
    const analyses = pathTable ? [] : [{ type: 'funnel', id: 'funnel', steps: steps.map((event) => ({ event })), window: '7d' }];
    if (pathTable || present.has('purchase')) analyses.push(attributionDefaults());
    return { analyses };
  }

  function attributionDefaults() {
    return pathTable
      ? { type: 'attribution', id: 'attribution', models: ATTRIBUTION_MODELS }
      : { type: 'attribution', id: 'attribution', conversion: { event: 'purchase' }, touchpoint: 'channel', lookback: '30d', models: ATTRIBUTION_MODELS };
  }

  function fillSelect(select, values, selected, emptyLabelKey) {
    select.replaceChildren();
    if (emptyLabelKey) select.append(i18n('option', emptyLabelKey, { value: '' }));
    for (const value of values) select.append(element('option', value));
    if (selected !== undefined && !values.includes(selected)) select.append(element('option', selected));
    select.value = selected ?? '';
  }

  // Shows `spec` (null: a default for the data) in the builder.
  function show(spec) {
    const chosen = spec ?? defaultSpec();
    const funnel = chosen.analyses.find((analysis) => analysis?.type === 'funnel') ?? {};
    const attribution = chosen.analyses.find((analysis) => analysis?.type === 'attribution');
    ui.steps.replaceChildren();
    for (const step of funnel.steps ?? []) addStep(step);
    ui.exclusions.replaceChildren();
    for (const exclusion of funnel.exclusions ?? []) addExclusion(exclusion);
    ui.window.value = funnel.window ?? '30d';
    ui.order.value = funnel.order ?? 'ordered';
    ui.count.value = funnel.count ?? 'users';
    fillSelect(ui.breakdown, fields.filter((field) => field !== 'event'), funnel.breakdown, 'builder.noBreakdown');
    ui.funnelFieldset.hidden = pathTable;
    ui.attributionOn.checked = Boolean(attribution);
    const conversion = attribution?.conversion?.event ?? 'purchase';
    ui.conversion.replaceWith((ui.conversion = eventSelect(Array.isArray(conversion) ? conversion[0] : conversion, 'builder.conversion')));
    ui.conversion.id = 'conversion';
    // The session's traffic first, then the data's other fields (attributing by page, say): a
    // spec's touchpoint is kept even when it is none of them.
    const touchpoints = [...TRAFFIC_TOUCHPOINTS,
      ...fields.filter((field) => field !== 'event' && !TRAFFIC_TOUCHPOINTS.includes(field))];
    fillSelect(ui.touchpoint, touchpoints, attribution?.touchpoint ?? 'channel');
    ui.lookback.value = attribution?.lookback ?? '30d';
    ui.models = attribution?.models ?? ATTRIBUTION_MODELS;
  }

  return {
    // The data's events and fields (from engine.describe()).
    setData(description) {
      events = (description.events ?? []).map(({ name, count }) => ({ name: String(name), count }));
      fields = (description.fields ?? []).map(String);
      pathTable = events.length === 0 && Array.isArray(description.channels);
      ui.fieldList.replaceChildren(...fields.map((field) => element('option', undefined, { value: field })));
    },
    // Before any data: the events the spec names, without counts.
    setEventsFromSpec(spec) {
      const names = new Set();
      for (const analysis of spec.analyses) {
        for (const step of analysis?.steps ?? []) names.add(stepEventName(step));
        for (const exclusion of analysis?.exclusions ?? []) names.add(stepEventName(exclusion));
      }
      names.delete(undefined);
      events = [...names].map((name) => ({ name: String(name) }));
    },
    show,
    addStep: () => addStep(),
    addExclusion: () => addExclusion(),
    readSpec() {
      const analyses = [];
      if (!pathTable) {
        const steps = [...ui.steps.querySelectorAll(':scope > li.step')].map((row) => {
          const where = [...row.querySelectorAll('li.filter')].map(readFilter).filter(Boolean);
          const event = row.querySelector('select').value;
          return where.length > 0 ? { event, where } : { event };
        });
        const funnel = {
          type: 'funnel', id: 'funnel', steps,
          window: ui.window.value.trim() || 'none', order: ui.order.value, count: ui.count.value,
        };
        const exclusions = [...ui.exclusions.querySelectorAll('li.exclusion')].map((row) => ({
          event: row.querySelector('select').value,
          from_step: Number(row.querySelector('.from-step').value) || 1,
          to_step: Number(row.querySelector('.to-step').value) || steps.length,
        }));
        if (exclusions.length > 0) funnel.exclusions = exclusions;
        if (ui.breakdown.value) funnel.breakdown = ui.breakdown.value;
        analyses.push(funnel);
      }
      if (pathTable || ui.attributionOn.checked) {
        const attribution = pathTable ? { type: 'attribution', id: 'attribution' } : {
          type: 'attribution', id: 'attribution', conversion: { event: ui.conversion.value },
          touchpoint: ui.touchpoint.value, lookback: ui.lookback.value.trim() || '30d',
        };
        attribution.models = ui.models ?? ATTRIBUTION_MODELS;
        analyses.push(attribution);
      }
      return { analyses };
    },
  };
}
