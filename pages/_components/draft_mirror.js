// Steady's draft mirror: sends what is typed in the named fields to the server at most
// `delayMs` after a keystroke, while typing continues (a throttle, not only a debounce), so a
// refresh or a closed tab loses at most the last second or two. Streamlit's own text areas send
// their value only on blur or Ctrl+Enter; this leaves them as they are and only reads them: it
// never writes to a field, never moves focus or the caret.
//
// Why the state lives on `window` and not in this call: the page's rerun after each report
// calls this function again with new data. A timer started by a keystroke must survive that
// (cancelling and restarting it on every rerun delayed reports by a whole server round trip,
// and on a busy machine the last words before a refresh were lost), and one listener is enough.
// Fields are found by their key's class (st-key-…, the key carries the form generation), so a
// faded copy of the previous form, still on screen while the page redraws after Save, is
// never read, and a report names the generation it was read from.
export default function (component) {
  const { data, setTriggerValue } = component;
  const m = window.__steadyDraftMirror || (window.__steadyDraftMirror = { timer: null });
  m.fields = (data && data.fields) || {};   // draft field -> class of its widget's key
  m.delayMs = (data && data.delay_ms) || 1000;
  m.send = setTriggerValue;                  // the newest mount's channel to the server
  if (!m.sent || m.gen !== data.gen) {
    // A new form (first draw, or after Save/Discard): what the server holds is what was sent.
    m.gen = data.gen;
    m.sent = Object.assign({}, (data && data.known) || {});
  }
  m.alive = true;

  const input = (name) =>
    document.querySelector(`.${m.fields[name]} textarea, .${m.fields[name]} input`);
  const collect = () => {
    const texts = {};
    for (const name of Object.keys(m.fields)) {
      const el = input(name);
      texts[name] = el ? el.value : (m.sent[name] || "");
    }
    return texts;
  };
  const changed = (texts) => Object.keys(texts).some((n) => texts[n] !== (m.sent[n] || ""));
  m.report = () => {
    m.timer = null;
    if (!m.alive) return;
    const texts = collect();
    if (!changed(texts)) return;
    m.sent = texts;
    m.send("typed", { gen: m.gen, texts: texts });
  };
  m.schedule = () => {
    if (m.timer === null) m.timer = setTimeout(m.report, m.delayMs);
  };
  if (!m.listening) {
    m.listening = true;
    document.addEventListener("input", (event) => {
      if (!m.alive) return;
      for (const name of Object.keys(m.fields)) {
        if (event.target && input(name) === event.target) { m.schedule(); return; }
      }
    }, true);
    // A refresh or a closed tab: send what is pending now (best effort; the throttle above is
    // the promise).
    m.flush = () => {
      if (m.timer !== null) { clearTimeout(m.timer); m.report(); }
    };
    window.addEventListener("pagehide", m.flush);
  }
  const now = collect();
  const known = (data && data.known) || {};
  for (const name of Object.keys(now)) {   // a field that sent its own value (on blur)
    if (typeof known[name] === "string" && now[name] === known[name]) m.sent[name] = known[name];
  }
  // Typed before this mount (a slow first load) and not yet reported: report soon.
  if (changed(now)) m.schedule();
  return () => {
    // Called before the next data arrives and when unmounted (another page): a pending report
    // is kept for the next mount; without one it is dropped (m.alive stays false).
    m.alive = false;
  };
}
