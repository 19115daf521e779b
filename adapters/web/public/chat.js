// Web chat for visitors of Huế. Plain browser JavaScript, no build step.
// Talks to POST /api/chat and POST /api/uploads; keeps the conversation in localStorage.

const STORE_KEY = 'hue-assistant.chat.v1';
const MAX_HISTORY = 200;
const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

const UI = {
  vi: { title: 'Trợ lý Huế', lang: 'Ngôn ngữ', log: 'Hội thoại', quick: 'Gợi ý', text: 'Tin nhắn', placeholder: 'Nhập câu hỏi…', send: 'Gửi', locate: 'Gửi vị trí', photo: 'Gửi ảnh', sending: 'Đang gửi…', failed: 'Không gửi được. Vui lòng thử lại.', noGeo: 'Không lấy được vị trí.', photoType: 'Chỉ nhận ảnh JPEG, PNG hoặc WebP.', photoSize: 'Ảnh quá lớn (tối đa 5 MB).', myLocation: 'Vị trí của tôi', myPhoto: 'Ảnh', welcome: 'Xin chào! Hãy hỏi tôi về Huế, hoặc báo một sự cố trong thành phố.' },
  en: { title: 'Huế Assistant', lang: 'Language', log: 'Conversation', quick: 'Suggestions', text: 'Message', placeholder: 'Type a question…', send: 'Send', locate: 'Share location', photo: 'Send a photo', sending: 'Sending…', failed: 'Could not send. Please try again.', noGeo: 'Could not get your location.', photoType: 'Only JPEG, PNG or WebP photos.', photoSize: 'Photo too large (5 MB max).', myLocation: 'My location', myPhoto: 'Photo', welcome: 'Hello! Ask me about Huế, or report a problem in the city.' },
  ko: { title: '후에 도우미', lang: '언어', log: '대화', quick: '추천', text: '메시지', placeholder: '질문을 입력하세요…', send: '보내기', locate: '위치 보내기', photo: '사진 보내기', sending: '보내는 중…', failed: '보내지 못했습니다. 다시 시도해 주세요.', noGeo: '위치를 가져올 수 없습니다.', photoType: 'JPEG, PNG, WebP 사진만 가능합니다.', photoSize: '사진이 너무 큽니다 (최대 5MB).', myLocation: '내 위치', myPhoto: '사진', welcome: '안녕하세요! 후에에 대해 묻거나 도시의 불편 사항을 신고하세요.' },
  zh: { title: '顺化助手', lang: '语言', log: '对话', quick: '建议', text: '消息', placeholder: '输入问题…', send: '发送', locate: '发送位置', photo: '发送照片', sending: '发送中…', failed: '发送失败，请重试。', noGeo: '无法获取位置。', photoType: '仅支持 JPEG、PNG 或 WebP 照片。', photoSize: '照片太大（最大 5 MB）。', myLocation: '我的位置', myPhoto: '照片', welcome: '您好！可以问我关于顺化的问题，或反映城市中的问题。' },
  ja: { title: 'フエ・アシスタント', lang: '言語', log: '会話', quick: '候補', text: 'メッセージ', placeholder: '質問を入力…', send: '送信', locate: '位置情報を送る', photo: '写真を送る', sending: '送信中…', failed: '送信できませんでした。もう一度お試しください。', noGeo: '位置情報を取得できません。', photoType: 'JPEG・PNG・WebP の写真のみ送れます。', photoSize: '写真が大きすぎます（最大 5 MB）。', myLocation: '現在地', myPhoto: '写真', welcome: 'こんにちは！フエについての質問や、街の困りごとの報告をどうぞ。' },
  fr: { title: 'Assistant de Huế', lang: 'Langue', log: 'Conversation', quick: 'Suggestions', text: 'Message', placeholder: 'Posez votre question…', send: 'Envoyer', locate: 'Envoyer ma position', photo: 'Envoyer une photo', sending: 'Envoi…', failed: 'Envoi impossible. Veuillez réessayer.', noGeo: 'Position indisponible.', photoType: 'Photos JPEG, PNG ou WebP uniquement.', photoSize: 'Photo trop lourde (5 Mo max).', myLocation: 'Ma position', myPhoto: 'Photo', welcome: 'Bonjour ! Posez-moi vos questions sur Huế, ou signalez un problème en ville.' },
};

const $ = (id) => document.getElementById(id);
const els = { title: $('title'), langLabel: $('lang-label'), lang: $('lang'), log: $('log'), quick: $('quick'), status: $('status'), form: $('composer'), text: $('text'), textLabel: $('text-label'), send: $('send'), locate: $('locate'), photo: $('photo'), photoLabel: $('photo-label') };

const state = load();

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) ?? 'null');
    if (saved && typeof saved.conversationId === 'string' && Array.isArray(saved.history)) return { quickReplies: [], ...saved };
  } catch { /* a corrupt entry starts a fresh conversation */ }
  return { conversationId: 'web-' + crypto.randomUUID(), lang: guessLang(), history: [], quickReplies: [] };
}

function save() {
  state.history = state.history.slice(-MAX_HISTORY);
  localStorage.setItem(STORE_KEY, JSON.stringify(state));
}

function guessLang() {
  const primary = (navigator.language || 'vi').toLowerCase().split(/[-_]/)[0];
  return primary in UI ? primary : 'vi';
}

const ui = (key) => (UI[state.lang] ?? UI.vi)[key];

function applyLanguage() {
  document.documentElement.lang = state.lang;
  els.lang.value = state.lang;
  document.title = ui('title');
  els.title.textContent = ui('title');
  els.langLabel.textContent = ui('lang');
  $('log-region').setAttribute('aria-label', ui('log'));
  els.quick.setAttribute('aria-label', ui('quick'));
  els.textLabel.textContent = ui('text');
  els.text.placeholder = ui('placeholder');
  els.send.textContent = ui('send');
  for (const [el, key] of [[els.locate, 'locate'], [els.photoLabel, 'photo']]) {
    el.setAttribute('aria-label', ui(key));
    el.title = ui(key);
  }
}

/** Escapes everything, then allows **bold**, https links and line breaks. */
function renderText(text) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped
    .replace(/\*\*([^*\n][^*]*?)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]\n]+)\]\((https:\/\/[^\s)]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/\n/g, '<br>');
}

function appendMessage(entry) {
  const li = document.createElement('li');
  li.className = `msg ${entry.from}`;
  li.innerHTML = renderText(entry.text);
  els.log.append(li);
  li.scrollIntoView({ block: 'end' });
}

function showQuickReplies(quickReplies, requestLocation) {
  els.quick.replaceChildren();
  for (const q of quickReplies) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = q.label;
    button.addEventListener('click', () => send({ postback: q.payload }, q.label));
    els.quick.append(button);
  }
  if (requestLocation) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = ui('myLocation');
    button.addEventListener('click', shareLocation);
    els.quick.append(button);
  }
}

function record(entry) {
  state.history.push(entry);
  save();
  appendMessage(entry);
}

async function send(fields, shownAs) {
  record({ from: 'me', text: shownAs });
  showQuickReplies([], false);
  els.status.textContent = ui('sending');
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: state.conversationId, lang: state.lang, ...fields }),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = await response.json();
    for (const reply of body.replies ?? []) record({ from: 'bot', text: String(reply.text ?? '') });
    const last = body.replies?.at(-1);
    state.quickReplies = last?.quickReplies ?? [];
    state.requestLocation = Boolean(last?.requestLocation);
    save();
    showQuickReplies(state.quickReplies, state.requestLocation);
    els.status.textContent = '';
  } catch {
    els.status.textContent = ui('failed');
  }
}

function shareLocation() {
  if (!navigator.geolocation) return void (els.status.textContent = ui('noGeo'));
  navigator.geolocation.getCurrentPosition(
    (position) => send({ location: { lat: position.coords.latitude, lng: position.coords.longitude } }, ui('myLocation')),
    () => void (els.status.textContent = ui('noGeo')),
    { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
  );
}

async function sendPhoto(file) {
  if (!PHOTO_TYPES.includes(file.type)) return void (els.status.textContent = ui('photoType'));
  if (file.size > MAX_PHOTO_BYTES) return void (els.status.textContent = ui('photoSize'));
  els.status.textContent = ui('sending');
  try {
    // Photos belong to this conversation; the server takes them only while it is live.
    const response = await fetch('/api/uploads?conversationId=' + encodeURIComponent(state.conversationId), { method: 'POST', headers: { 'content-type': file.type }, body: file });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { ref } = await response.json();
    const caption = els.text.value.trim();
    els.text.value = '';
    await send({ attachments: [{ kind: 'image', ref }], ...(caption ? { text: caption } : {}) }, caption ? `${ui('myPhoto')} ${caption}` : ui('myPhoto'));
  } catch {
    els.status.textContent = ui('failed');
  }
}

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = els.text.value.trim();
  if (!text) return;
  els.text.value = '';
  send({ text }, text);
});
els.lang.addEventListener('change', () => {
  state.lang = els.lang.value in UI ? els.lang.value : 'vi';
  save();
  applyLanguage();
  showQuickReplies(state.quickReplies, state.requestLocation);
});
els.locate.addEventListener('click', shareLocation);
els.photo.addEventListener('change', () => {
  const [file] = els.photo.files ?? [];
  if (file) sendPhoto(file);
  els.photo.value = '';
});
// The photo control is a label; make Enter and Space open the picker like a button.
els.photoLabel.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    els.photo.click();
  }
});

// Staff replies and ticket updates are pushed over Server-Sent Events (GET /api/chat/events);
// whatever arrived while the page was closed comes first. `noticeCursor` is the last one shown.
function showNotice(notice) {
  if (!notice || typeof notice.id !== 'string') return;
  if (state.noticeCursor && compareIds(notice.id, state.noticeCursor) <= 0) return;
  state.noticeCursor = notice.id;
  record({ from: 'bot', text: String(notice.text ?? '') });
  if (Array.isArray(notice.quickReplies) && notice.quickReplies.length > 0) {
    state.quickReplies = notice.quickReplies;
    state.requestLocation = false;
    save();
    showQuickReplies(state.quickReplies, false);
  }
}

function compareIds(a, b) {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}

function noticesUrl(path) {
  const after = state.noticeCursor ? '&after=' + encodeURIComponent(state.noticeCursor) : '';
  return `${path}?conversationId=${encodeURIComponent(state.conversationId)}${after}`;
}

// Without EventSource (very old browsers), the same notices are collected by polling.
async function collectNotices() {
  try {
    const response = await fetch(noticesUrl('/api/chat/notices'));
    if (!response.ok) return;
    const body = await response.json();
    for (const notice of body.notices ?? []) showNotice(notice);
  } catch { /* offline: try again on the next tick */ }
}

// One stream per page: browsers allow only a few connections per host, and every extra open
// stream would hold one that the chat's own requests need.
let noticeStream;

function listenForNotices() {
  if (typeof EventSource !== 'function') return void setInterval(collectNotices, 15000);
  if (noticeStream) return;
  // The browser reconnects by itself and sends Last-Event-ID; the cursor covers a page reload.
  const events = (noticeStream = new EventSource(noticesUrl('/api/chat/events')));
  events.addEventListener('notice', (event) => {
    try {
      showNotice(JSON.parse(event.data));
    } catch { /* not a notice */ }
  });
}


applyLanguage();
if (state.history.length === 0) record({ from: 'bot', text: ui('welcome') });
else for (const entry of state.history) appendMessage(entry);
showQuickReplies(state.quickReplies, state.requestLocation);
listenForNotices();
