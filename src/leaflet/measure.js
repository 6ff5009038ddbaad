// The fit check's measurement, run in the leaflet page at trim size (see fit.rs).
// Returns { findings: [...], found: { panels, flows, sources } }.
(() => {
  const findings = [];
  // Text as a reader sees it: no soft hyphens, spaces collapsed.
  const clean = (text) => text.replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
  const excerpt = (el) => clean(el.textContent).slice(0, 60);
  const rectsPast = (el, right) => [...el.getClientRects()].filter((r) => r.left >= right - 0.5);
  const lineHeight = (el) => parseFloat(getComputedStyle(el).lineHeight) || 16;
  const visible = (rects) => [...rects].filter((r) => r.width > 0 && r.height > 0);

  // Fixed panels: text that makes the panel's box scroll.
  const panels = [];
  for (const box of document.querySelectorAll('.panel-content')) {
    const holder = box.closest('[data-panel]');
    if (!holder) continue;
    const panel = holder.dataset.panel;
    panels.push(panel);
    if (box.scrollHeight > box.clientHeight + 1) {
      const limit = box.getBoundingClientRect().bottom + 0.5;
      const first = [...box.querySelectorAll('[data-source]')]
        .find((b) => b.getBoundingClientRect().bottom > limit);
      // No page text to blame: the setting past the limit, else the last one in the panel
      // (a long subtitle pushes the sender line out, not itself).
      const keyed = [...box.querySelectorAll('[data-key]')];
      const key = keyed.find((k) => k.getBoundingClientRect().bottom > limit) || keyed[keyed.length - 1];
      findings.push({ kind: 'overflow', panel, over_px: box.scrollHeight - box.clientHeight,
        line_px: lineHeight(box), source: first ? first.dataset.source : null,
        key: key ? key.dataset.key : null,
        excerpt: first ? excerpt(first) : key ? excerpt(key) : '' });
    }
  }

  // The inside flow: a column past the last inside panel.
  const flows = document.querySelectorAll('.flow[data-last-panel]');
  for (const flow of flows) {
    const right = flow.getBoundingClientRect().right;
    const blocks = [...flow.querySelectorAll('[data-source]')];
    const past = blocks.filter((b) => rectsPast(b, right).length > 0);
    if (past.length > 0) {
      const over = past.reduce((sum, b) => sum + rectsPast(b, right).reduce((s, r) => s + r.height, 0), 0);
      findings.push({ kind: 'extra-column', panel: flow.dataset.lastPanel, over_px: over,
        line_px: lineHeight(flow), source: past[0].dataset.source, excerpt: excerpt(past[0]) });
    }
  }

  // Headings in the flow: all their lines in one column, and the text after them too.
  for (const flow of flows) {
    const box = flow.getBoundingClientRect();
    const style = getComputedStyle(flow);
    const count = parseInt(style.columnCount, 10) || 1;
    const gap = parseFloat(style.columnGap) || 0;
    const width = (box.width - gap * (count - 1)) / count;
    const column = (x) => Math.floor((x - box.left + gap / 2) / (width + gap));
    const side = flow.closest('.artwork') || flow.parentElement;
    const names = [...side.querySelectorAll('[data-panel][data-role="inside"]')]
      .sort((a, b) => a.getBoundingClientRect().left - b.getBoundingClientRect().left)
      .map((p) => p.dataset.panel);
    const panelOf = (i) => names[i] || (i >= count - 1 ? flow.dataset.lastPanel : '?');
    const sourceOf = (el) => {
      const holder = el.closest('[data-source]');
      return holder ? holder.dataset.source : null;
    };
    for (const heading of flow.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const lines = visible(heading.getClientRects());
      if (lines.length === 0) continue;
      const columns = [...new Set(lines.map((r) => column(r.left)))].sort((a, b) => a - b);
      const finding = { panel: panelOf(columns[0]), over_px: 0, line_px: lineHeight(heading),
        source: sourceOf(heading), excerpt: excerpt(heading) };
      if (columns.length > 1) {
        findings.push({ ...finding, kind: 'heading-split', next_panel: panelOf(columns[columns.length - 1]) });
        continue;
      }
      // The first text after the heading, in document order.
      const walker = document.createTreeWalker(flow, NodeFilter.SHOW_TEXT);
      walker.currentNode = heading;
      let next = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!heading.contains(node) && node.textContent.trim() !== '') { next = node; break; }
      }
      if (!next) continue;
      const range = document.createRange();
      range.selectNodeContents(next);
      const after = visible(range.getClientRects());
      if (after.length > 0 && column(after[0].left) !== columns[0]) {
        findings.push({ ...finding, kind: 'heading-stranded', next_panel: panelOf(column(after[0].left)) });
      }
    }
  }

  // Words too wide for their column.
  const sources = document.querySelectorAll('[data-source]');
  for (const block of sources) {
    if (block.scrollWidth > block.clientWidth + 1) {
      const holder = block.closest('[data-panel]');
      const flow = block.closest('.flow[data-last-panel]');
      const panel = holder ? holder.dataset.panel : flow ? flow.dataset.lastPanel : '?';
      findings.push({ kind: 'sideways', panel,
        over_px: block.scrollWidth - block.clientWidth, line_px: lineHeight(block),
        source: block.dataset.source, excerpt: excerpt(block) });
    }
  }
  return { findings, found: { panels, flows: flows.length, sources: sources.length } };
})()
