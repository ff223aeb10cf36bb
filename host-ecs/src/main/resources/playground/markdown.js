// A small markdown renderer for model answers that never parses HTML: it builds DOM nodes and
// puts every piece of model text in with textContent (through text nodes), so nothing the
// model writes can become markup, a script or an event handler. It understands what answers
// mostly use: paragraphs, headings, fenced code blocks, bullet and numbered lists, quotes,
// inline code, bold, italics and http(s) links. Unfinished input (a stream mid-way) renders too.

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*(.+?)\*\*|__(.+?)__|\*(?!\s)(.+?)\*|_(?!\s)(.+?)_(?![A-Za-z0-9])|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g;

function el(tag, className) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  return node;
}

/** Appends inline content (text, code, emphasis, links) of one block to parent. */
export function renderInline(text, parent) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) {
      parent.append(document.createTextNode(text.slice(last, m.index)));
    }
    if (m[1]) {
      const code = el('code');
      code.textContent = m[2];
      parent.append(code);
    } else if (m[3] !== undefined || m[4] !== undefined) {
      const strong = el('strong');
      renderInline(m[3] ?? m[4], strong);
      parent.append(strong);
    } else if (m[5] !== undefined || m[6] !== undefined) {
      const em = el('em');
      renderInline(m[5] ?? m[6], em);
      parent.append(em);
    } else {
      const a = el('a');
      a.textContent = m[7];
      a.href = m[8];
      a.rel = 'noopener noreferrer nofollow';
      a.target = '_blank';
      parent.append(a);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) {
    parent.append(document.createTextNode(text.slice(last)));
  }
}

function paragraph(lines, parent) {
  const p = el('p');
  renderInline(lines.join('\n'), p);
  parent.append(p);
}

function list(lines, start, pattern, ordered, parent) {
  const node = el(ordered ? 'ol' : 'ul');
  let i = start;
  let item = null;
  while (i < lines.length) {
    const line = lines[i];
    const m = line.match(pattern);
    if (m) {
      if (ordered && item === null && m[1] !== '1') {
        node.start = Number(m[1]);
      }
      item = el('li');
      renderInline(ordered ? m[2] : m[1], item);
      node.append(item);
    } else if (item && /^\s{2,}\S/.test(line)) {
      item.append(document.createTextNode(' '));
      renderInline(line.trim(), item); // a continuation line of the item
    } else {
      break;
    }
    i++;
  }
  parent.append(node);
  return i;
}

function startsBlock(line) {
  return FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || NUMBERED.test(line) || QUOTE.test(line);
}

/** Renders markdown text into a fresh fragment. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = line.match(FENCE);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !(lines[i].trim().startsWith(fence[1][0].repeat(fence[1].length))
          && lines[i].trim().replace(/[`~]/g, '') === '')) {
        body.push(lines[i]);
        i++;
      }
      i++; // the closing fence (or the end of an unfinished block)
      const pre = el('pre');
      const code = el('code');
      if (fence[2]) {
        code.dataset.language = fence[2];
        pre.setAttribute('aria-label', `${fence[2]} code`);
      }
      code.textContent = body.join('\n');
      pre.append(code);
      fragment.append(pre);
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      // The page uses h1 and h2; answer headings start at h3 to keep the outline sound.
      const h = el(`h${Math.min(6, heading[1].length + 2)}`);
      renderInline(heading[2], h);
      fragment.append(h);
      i++;
      continue;
    }
    if (BULLET.test(line)) {
      i = list(lines, i, BULLET, false, fragment);
      continue;
    }
    if (NUMBERED.test(line)) {
      i = list(lines, i, NUMBERED, true, fragment);
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted = [];
      while (i < lines.length && QUOTE.test(lines[i])) {
        quoted.push(lines[i].match(QUOTE)[1]);
        i++;
      }
      const blockquote = el('blockquote');
      blockquote.append(renderMarkdown(quoted.join('\n')));
      fragment.append(blockquote);
      continue;
    }
    const para = [line];
    i++;
    while (i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i])) {
      para.push(lines[i]);
      i++;
    }
    paragraph(para, fragment);
  }
  return fragment;
}
