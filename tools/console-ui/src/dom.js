// Small DOM helpers: text always goes in as textContent, never as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  }
  return node;
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

export function every(ms, task) {
  let stopped = false;
  const tick = async () => {
    if (stopped) {
      return;
    }
    let again = true;
    try {
      again = (await task()) !== false;
    } catch (e) {
      console.warn(e);
    }
    if (again && !stopped) {
      setTimeout(tick, ms);
    }
  };
  setTimeout(tick, ms);
  return () => { stopped = true; };
}
