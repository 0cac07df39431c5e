// The playground page: it shows the chats as Telegram's app would, acts as
// the chosen member, and follows every change by Server-Sent Events.
"use strict";

const words = {
  de: {
    playground: "Spielplatz", youAre: "Du bist", appLanguage: "App-Sprache", addMember: "+ Mitglied",
    botClock: "Uhr des Bots", plusHour: "+1 Std.", plusDay: "+1 Tag", nextJob: "Nächster Job",
    nothingPlanned: "nichts geplant", scenario: "Szenario", playScenario: "▶ Stammtisch vorspielen",
    next: "Weiter", reset: "Neu starten", chats: "Chats", start: "START", topic: "Thema",
    message: "Nachricht", writeMessage: "Nachricht oder /befehl", send: "Senden", ok: "OK",
    firstName: "Vorname", add: "Hinzufügen", cancel: "Abbrechen", organizer: "Organisatorin (Admin)",
    privately: "privat mit dem Bot", members: { one: "Mitglied", other: "Mitglieder" }, edited: "bearbeitet", silent: "lautlos",
    scan: "📷 Mit der Handykamera scannen", scanAs: "Scannen als", closedPoll: "Umfrage beendet",
    votes: { one: "Stimme", other: "Stimmen" }, notStarted: "hat den Bot noch nicht gestartet", pinned: "Angeheftet",
    admin: "Admin", working: "Der Bot arbeitet …",
    confirmReset: "Neu starten löscht alle Chats, Meetups und Mitglieder, die du angelegt hast. Wirklich neu starten?",
    confirmScenario: "Das Szenario beginnt mit einer leeren Gruppe: Alle Chats, Meetups und Mitglieder, die du angelegt hast, werden gelöscht. Trotzdem vorspielen?",
    yesReset: "Ja, neu starten", yesScenario: "Ja, vorspielen",
  },
  en: {
    playground: "playground", youAre: "You are", appLanguage: "App language", addMember: "+ Member",
    botClock: "Bot's clock", plusHour: "+1 h", plusDay: "+1 day", nextJob: "Next job",
    nothingPlanned: "nothing planned", scenario: "Scenario", playScenario: "▶ Play the Stammtisch",
    next: "Next", reset: "Reset", chats: "Chats", start: "START", topic: "Topic",
    message: "Message", writeMessage: "Message or /command", send: "Send", ok: "OK",
    firstName: "First name", add: "Add", cancel: "Cancel", organizer: "organizer (admin)",
    privately: "private chat with the bot", members: { one: "member", other: "members" }, edited: "edited", silent: "silent",
    scan: "📷 Scan with the phone camera", scanAs: "Scan as", closedPoll: "Poll closed",
    votes: { one: "vote", other: "votes" }, notStarted: "has not started the bot yet", pinned: "Pinned",
    admin: "admin", working: "The bot is working …",
    confirmReset: "A reset erases all chats, meetups and members you added. Reset anyway?",
    confirmScenario: "The scenario starts with an empty group: all chats, meetups and members you added are erased. Play it anyway?",
    yesReset: "Yes, reset", yesScenario: "Yes, play it",
  },
};

const $ = (id) => document.getElementById(id);
const view = {
  as: Number(sessionStorage.getItem("as")) || 0,
  chat: Number(sessionStorage.getItem("chat")) || 0,
  pendingStart: null,
  seen: {},
  state: null,
};
let lang = "de";
const t = (key) => words[lang][key] || words.de[key] || key;

// count says how many with the word's plural form in the page's language,
// as the bot's catalog does: "1 Stimme", "2 Stimmen".
function count(n, key) {
  const forms = t(key);
  return `${n} ${forms[new Intl.PluralRules(lang).select(n)] || forms.other}`;
}

function remember() {
  sessionStorage.setItem("as", String(view.as));
  sessionStorage.setItem("chat", String(view.chat));
}

// api posts JSON and returns the answer; problems are shown as a toast in
// the member's language and thrown.
async function api(path, body) {
  const response = await fetch(path, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const text = answer[lang] || answer.en || response.statusText;
    toast(text);
    throw new Error(text);
  }
  return answer;
}

let loading = null;
let again = false;

// load fetches the state once at a time; changes during a fetch cause one
// more.
async function load() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    do {
      again = false;
      const as = view.as;
      const chat = view.chat;
      const response = await fetch(`/api/state?as=${as}&chat=${chat}`);
      const state = response.ok ? await response.json() : null;
      // A member or chat chosen while the answer was on its way wins over
      // the answer: it is fetched again.
      if (as !== view.as || chat !== view.chat) again = true;
      else if (state) render(state);
    } while (again);
  })().finally(() => { loading = null; });
  return loading;
}

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-placeholder]")) el.placeholder = t(el.dataset.tPlaceholder);
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function render(state) {
  view.state = state;
  view.as = state.me.id;
  view.chat = state.chat.id;
  remember();
  lang = state.lang === "en" ? "en" : "de";
  translate();

  const as = $("as");
  const members = JSON.stringify([lang, state.members.map((m) => [m.id, m.name, m.admin])]);
  if (as.dataset.key !== members) {
    as.replaceChildren(...state.members.map((m) =>
      el("option", { value: m.id }, m.admin ? `${m.name} · ${t("organizer")}` : m.name)));
    as.dataset.key = members;
  }
  as.value = String(state.me.id);
  $("lang").value = state.me.lang;
  $("clock").textContent = state.clock;
  const next = $("next-job");
  next.textContent = `${t("nextJob")}: ${state.nextJob || t("nothingPlanned")}`;
  next.disabled = !state.nextJob;

  const sc = state.scenario;
  const nextStep = $("scenario-next");
  nextStep.hidden = !sc.playing || sc.step >= sc.total;
  nextStep.textContent = `${t("next")} (${sc.step + 1}/${sc.total}) ▶`;
  const note = $("scenario-note");
  note.hidden = !sc.note;
  note.textContent = sc.note ? `${sc.step}/${sc.total}: ${sc.note}` : "";
  $("reset").hidden = !state.resettable;
  $("scenario-start").hidden = !state.resettable;

  renderChats(state);
  renderChat(state);
}

// renderChats updates the chat list in place: a node replaced under the
// pointer between press and release would swallow the click, and a
// replaced button would lose the keyboard focus.
function renderChats(state) {
  const list = $("chat-list");
  const items = state.chats.map((c) => {
    if (c.id === state.chat.id || view.seen[c.id] === undefined) view.seen[c.id] = c.botMessages;
    const unread = c.botMessages - view.seen[c.id];
    const label = c.private ? `🔒 ${c.title} · ${t("privately")}` : `👥 ${c.title}`;
    const key = `${label}|${unread}|${c.id === state.chat.id}`;
    let item = list.querySelector(`li[data-chat="${c.id}"]`);
    if (!item || item.dataset.key !== key) {
      const fresh = el("li", { dataset: { chat: c.id, key } }, el("button", {
        type: "button", "aria-current": c.id === state.chat.id ? "true" : "false", dataset: { chat: c.id },
        onclick: () => openChat(c),
      }, el("span", {}, label), unread > 0 ? el("span", { class: "badge", "aria-label": `${unread} neu` }, String(unread)) : null));
      if (item) {
        const button = item.firstChild;
        button.replaceChildren(...fresh.firstChild.childNodes);
        button.setAttribute("aria-current", c.id === state.chat.id ? "true" : "false");
        button.onclick = () => openChat(c);
        item.dataset.key = key;
      } else {
        item = fresh;
      }
    } else {
      item.firstChild.onclick = () => openChat(c);
    }
    return item;
  });
  place(list, items);
}

// place makes a list hold exactly these nodes in this order, moving only
// what is out of place.
function place(list, nodes) {
  nodes.forEach((node, i) => {
    if (list.children[i] !== node) list.insertBefore(node, list.children[i] || null);
  });
  while (list.children.length > nodes.length) list.lastChild.remove();
}

function openChat(c) {
  view.chat = c.id;
  if (c.private) view.as = c.owner;
  view.pendingStart = null;
  remember();
  load();
}

function renderChat(state) {
  const chat = state.chat;
  $("chat-title").textContent = chat.private ? `${state.botName} · ${chat.title}` : chat.title;
  $("chat-sub").textContent = chat.private
    ? (state.me.started ? t("privately") : `${state.me.name} ${t("notStarted")}`)
    : `${count(state.members.length, "members")}: ${state.members.map((m) => (m.admin ? `${m.name} (${t("admin")})` : m.name)).join(", ")}`;

  const pinned = $("pinned");
  pinned.hidden = !state.pinned;
  if (state.pinned) {
    pinned.textContent = `📌 ${t("pinned")}: ${state.pinned.text}`;
    pinned.onclick = () => document.querySelector(`#messages [data-id="${state.pinned.id}"]`)?.scrollIntoView({ block: "center" });
  }

  const box = $("messages");
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  if (box.dataset.chat !== `${chat.id}:${state.me.id}`) {
    box.replaceChildren();
    box.dataset.chat = `${chat.id}:${state.me.id}`;
  }
  place(box, state.messages.map((m) => message(state, m)));
  if (atBottom || view.scrollOnNext) box.scrollTop = box.scrollHeight;
  view.scrollOnNext = false;

  const topic = $("topic");
  topic.hidden = !state.topics;
  if (state.topics) {
    const chosen = topic.value;
    topic.replaceChildren(...state.topics.map((tp) => el("option", { value: tp.id }, tp.name)));
    if (chosen) topic.value = chosen;
  }
  $("commands").replaceChildren(...(state.commands || []).map((c) =>
    el("option", { value: `/${c.command}`, label: `/${c.command} – ${c.description}` })));

  // As in Telegram's app, a private chat opened before START, or by a
  // link, offers only the START button: no text box beside it.
  const needsStart = chat.private && (!state.me.started || view.pendingStart !== null);
  $("start-bar").hidden = !needsStart;
  $("composer").hidden = needsStart;
}

// message returns the list item of a message, the one already shown if
// nothing in it changed, else a new one that flashes when it replaces an
// edited message.
function message(state, m) {
  const box = $("messages");
  // A QR code is scanned as one of the members, so its message changes
  // with them.
  const key = JSON.stringify(m.photo?.link ? [m, state.members.map((p) => [p.id, p.name])] : m);
  const shown = box.querySelector(`:scope > li[data-id="${m.id}"]`);
  if (shown && shown.dataset.key === key) return shown;
  const item = drawMessage(state, m);
  item.dataset.key = key;
  if (shown) item.classList.add("flash");
  return item;
}

function drawMessage(state, m) {
  if (m.service) {
    return el("li", { class: "msg service", dataset: { id: m.id } }, el("span", { class: "bubble" }, m.html ? htmlNode(m.html) : ""));
  }
  const mine = !m.fromBot && m.fromId === state.me.id;
  const bubble = el("div", { class: "bubble" });
  if (!mine) bubble.append(el("span", { class: "sender" }, m.from || "?"));
  if (m.topic) bubble.append(el("span", { class: "topic" }, `# ${m.topic}`));
  if (m.replyTo) bubble.append(el("span", { class: "reply" }, m.replyTo.text));
  if (m.photo) {
    bubble.append(el("figure", { class: "photo" },
      el("img", { src: m.photo.url, alt: m.photo.name, width: m.photo.width, height: m.photo.height })));
    if (m.photo.link) {
      // Whoever stands at the door scans the code with their own phone:
      // by default someone other than the member showing it.
      const who = el("select", { class: "scan-as" }, ...state.members.map((p) => el("option", { value: p.id }, p.name)));
      who.value = String((state.members.find((p) => p.id !== state.me.id) || state.me).id);
      bubble.append(el("div", { class: "scan" }, el("label", {}, `${t("scanAs")} `, who),
        el("button", { type: "button", onclick: () => { view.as = Number(who.value); openStart(m.photo.link); } }, t("scan"))));
    }
  }
  if (m.document) {
    bubble.append(el("a", { href: m.document.url, download: m.document.name, class: "document" },
      `📄 ${m.document.name} (${Math.max(1, Math.round(m.document.size / 1024))} KB)`));
  }
  const body = el("div", { class: "text" }, htmlNode(m.html));
  bubble.append(body);
  if (m.poll) bubble.append(poll(state, m));
  const meta = [m.edited ? t("edited") : "", m.silent ? `🔕 ${t("silent")}` : ""].filter(Boolean).join(" · ");
  if (meta) bubble.append(el("span", { class: "meta" }, meta));
  const item = el("li", {
    class: `msg${mine ? " mine" : ""}`,
    dataset: { id: m.id, from: m.fromBot ? "bot" : String(m.fromId) },
  }, bubble);
  if (m.buttons) item.append(keyboard(state, m));
  return item;
}

// htmlNode parses HTML the server built from a short list of tags, with
// every text escaped; links to the bot open its private chat, as in
// Telegram's app.
function htmlNode(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const a of template.content.querySelectorAll("a")) {
    a.addEventListener("click", (event) => {
      if (view.state && a.href.startsWith(view.state.botLink)) {
        event.preventDefault();
        openStart(a.href);
      }
    });
  }
  return template.content;
}

function keyboard(state, m) {
  return el("div", { class: "keyboard", role: "group", "aria-label": "Buttons" }, ...m.buttons.map((row) =>
    el("div", { class: "row" }, ...row.map((b) => b.url
      ? el("a", { href: b.url, target: "_blank", rel: "noopener noreferrer", onclick: (e) => {
        if (b.url.startsWith(state.botLink)) { e.preventDefault(); openStart(b.url); }
      } }, `${b.text} ↗`)
      : el("button", { type: "button", dataset: { data: b.data }, onclick: (e) => press(e.currentTarget, m, b) }, b.text)))));
}

function poll(state, m) {
  const total = m.poll.options.reduce((sum, o) => sum + o.votes, 0);
  return el("div", { class: "poll" }, el("strong", {}, `📊 ${m.poll.question}`),
    el("ol", {}, ...m.poll.options.map((o, i) => el("li", {}, el("button", {
      type: "button", disabled: m.poll.closed,
      onclick: () => api("/api/vote", { as: view.as, chat: state.chat.id, message: m.id, option: i }).catch(() => {}),
    }, `${o.text} — ${count(o.votes, "votes")}${total ? ` (${Math.round(100 * o.votes / total)} %)` : ""}`)))),
    m.poll.closed ? el("span", { class: "meta" }, t("closedPoll")) : null);
}

async function press(button, m, b) {
  button.disabled = true;
  try {
    const answer = await api("/api/press", { as: view.as, chat: view.chat, message: m.id, data: b.data });
    if (answer.url && view.state && answer.url.startsWith(view.state.botLink)) openStart(answer.url);
    if (answer.text && answer.alert) {
      $("alert-text").textContent = answer.text;
      $("alert").showModal();
    } else if (answer.text) {
      toast(answer.text);
    }
  } catch (_) {
    // The toast said what went wrong.
  } finally {
    button.disabled = false;
    load();
  }
}

// openStart opens the member's private chat with the bot as a t.me link
// does: with a START button that sends /start and the link's payload.
function openStart(link) {
  const payload = new URL(link).searchParams.get("start") || "";
  view.chat = view.as;
  view.pendingStart = payload;
  view.scrollOnNext = true;
  remember();
  load();
}

let toastTimer = 0;
function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

// confirmed asks before something that erases the session; it answers
// yes only if the visitor pressed the yes button. The buttons answer, not
// the dialog's close event, which comes later and could answer the next
// question instead.
let pendingConfirm = null;
function confirmed(question, yes) {
  answerConfirm(false);
  $("confirm-text").textContent = t(question);
  $("confirm-yes").textContent = t(yes);
  $("confirm").showModal();
  $("confirm-no").focus();
  return new Promise((resolve) => { pendingConfirm = resolve; });
}

function answerConfirm(yes) {
  const resolve = pendingConfirm;
  pendingConfirm = null;
  if (resolve) resolve(yes);
}

async function busy(button, work) {
  const buttons = document.querySelectorAll(".bar button");
  for (const b of buttons) b.disabled = true;
  toast(t("working"));
  try {
    await work();
    $("toast").hidden = true;
  } catch (_) {
    // The toast said what went wrong.
  } finally {
    for (const b of buttons) b.disabled = false;
    await load();
  }
}

function setup() {
  $("as").addEventListener("change", (e) => {
    const id = Number(e.target.value);
    if (view.state && view.state.chat.private) view.chat = id;
    view.as = id;
    view.pendingStart = null;
    remember();
    load();
  });
  $("lang").addEventListener("change", (e) => api("/api/language", { as: view.as, lang: e.target.value }).then(load, () => {}));
  for (const b of document.querySelectorAll("[data-move]")) {
    b.addEventListener("click", () => busy(b, () => api("/api/clock", { move: b.dataset.move })));
  }
  $("reset").addEventListener("click", async (e) => {
    const button = e.currentTarget;
    if (!await confirmed("confirmReset", "yesReset")) return;
    busy(button, async () => {
      await api("/api/reset", {});
      view.as = 0; view.chat = 0; view.seen = {};
    });
  });
  $("scenario-start").addEventListener("click", async (e) => {
    const button = e.currentTarget;
    if (await confirmed("confirmScenario", "yesScenario")) busy(button, () => scenario("start"));
  });
  $("scenario-next").addEventListener("click", (e) => busy(e.currentTarget, () => scenario("next")));
  $("start").addEventListener("click", async () => {
    const text = view.pendingStart ? `/start ${view.pendingStart}` : "/start";
    view.pendingStart = null;
    view.scrollOnNext = true;
    await api("/api/send", { as: view.as, chat: view.chat, text }).catch(() => {});
    load();
  });
  $("composer").addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = $("text");
    const text = input.value.trim();
    if (!text) return;
    const topic = $("topic");
    try {
      await api("/api/send", { as: view.as, chat: view.chat, text, thread: topic.hidden ? 0 : Number(topic.value) });
      input.value = "";
      view.scrollOnNext = true;
    } catch (_) {
      // The toast said what went wrong; the text stays to be corrected.
    }
    load();
  });
  $("confirm-yes").addEventListener("click", () => answerConfirm(true));
  $("confirm-no").addEventListener("click", () => answerConfirm(false));
  $("confirm").addEventListener("cancel", () => answerConfirm(false));
  $("add-member").addEventListener("click", () => $("member-dialog").showModal());
  $("member-cancel").addEventListener("click", () => $("member-dialog").close());
  $("member-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      const added = await api("/api/members", { name: $("member-name").value, lang: $("member-lang").value });
      $("member-dialog").close();
      $("member-name").value = "";
      view.as = added.id;
      remember();
    } catch (_) {
      // The toast said what went wrong.
    }
    load();
  });
  new EventSource("/api/events").addEventListener("change", () => load());
  load();
}

async function scenario(action) {
  const focus = await api("/api/scenario", { action });
  if (action === "start") { view.seen = {}; }
  view.as = focus.as;
  view.chat = focus.chat;
  view.pendingStart = null;
  view.scrollOnNext = true;
  remember();
}

setup();
