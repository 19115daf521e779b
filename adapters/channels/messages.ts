/** Strings the channels themselves show (the core's replies come from bot/i18n). */
import { translator, type Catalogs } from '../../bot/i18n/catalog.ts';
import { langFromLocale, type Lang } from '../../bot/language/langs.ts';

export type ChannelMessageKey = 'rateLimited' | 'welcome' | 'shareLocationButton' | 'shareLocationPrompt' | 'chooseNumber' | 'sendLocationHint' | 'failed';

const catalogs: Catalogs<ChannelMessageKey> = {
  vi: {
    rateLimited: 'Bạn gửi hơi nhanh. Vui lòng đợi một phút rồi thử lại nhé.',
    welcome: 'Xin chào! Tôi là trợ lý của Huế. Hãy hỏi tôi về du lịch, dịch vụ công, hoặc gửi phản ánh về vấn đề trong thành phố.',
    shareLocationButton: '📍 Gửi vị trí',
    shareLocationPrompt: 'Bấm nút bên dưới để gửi vị trí của bạn.',
    chooseNumber: 'Trả lời bằng số để chọn:',
    sendLocationHint: 'Để gửi vị trí, bấm dấu + trong khung chat rồi chọn Vị trí.',
    failed: 'Xin lỗi, đã có lỗi. Vui lòng thử lại sau.',
  },
  en: {
    rateLimited: 'You are sending messages a little fast. Please wait a minute and try again.',
    welcome: 'Hello! I am the Huế assistant. Ask me about visiting, public services, or report a problem in the city.',
    shareLocationButton: '📍 Share location',
    shareLocationPrompt: 'Tap the button below to share your location.',
    chooseNumber: 'Reply with a number to choose:',
    sendLocationHint: 'To send your location, tap + in the chat box and choose Location.',
    failed: 'Sorry, something went wrong. Please try again later.',
  },
  ko: {
    rateLimited: '메시지를 조금 빨리 보내고 계십니다. 1분 후에 다시 시도해 주세요.',
    welcome: '안녕하세요! 후에 안내 도우미입니다. 여행, 공공 서비스에 대해 묻거나 도시의 불편 사항을 신고하세요.',
    shareLocationButton: '📍 위치 보내기',
    shareLocationPrompt: '아래 버튼을 눌러 위치를 보내 주세요.',
    chooseNumber: '번호로 답해 선택하세요:',
    sendLocationHint: '위치를 보내려면 채팅창의 + 를 누르고 위치를 선택하세요.',
    failed: '죄송합니다. 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  },
  zh: {
    rateLimited: '您发送消息有点快，请稍等一分钟再试。',
    welcome: '您好！我是顺化助手。可以问我旅游、公共服务的问题，或反映城市中的问题。',
    shareLocationButton: '📍 发送位置',
    shareLocationPrompt: '请点击下方按钮发送您的位置。',
    chooseNumber: '回复数字进行选择：',
    sendLocationHint: '发送位置：点击聊天框中的 +，然后选择“位置”。',
    failed: '抱歉，出现错误，请稍后再试。',
  },
  ja: {
    rateLimited: 'メッセージの送信が少し速すぎます。1分ほど待ってからもう一度お試しください。',
    welcome: 'こんにちは！フエのアシスタントです。観光や行政サービスについての質問、街の困りごとの報告をどうぞ。',
    shareLocationButton: '📍 位置情報を送る',
    shareLocationPrompt: '下のボタンを押して位置情報を送ってください。',
    chooseNumber: '番号で返信して選んでください：',
    sendLocationHint: '位置情報を送るには、チャット欄の + を押して「位置情報」を選んでください。',
    failed: '申し訳ありません、エラーが発生しました。しばらくしてからもう一度お試しください。',
  },
  fr: {
    rateLimited: 'Vous envoyez des messages un peu vite. Merci de patienter une minute avant de réessayer.',
    welcome: 'Bonjour ! Je suis l’assistant de Huế. Posez-moi vos questions sur la visite ou les services publics, ou signalez un problème en ville.',
    shareLocationButton: '📍 Envoyer ma position',
    shareLocationPrompt: 'Appuyez sur le bouton ci-dessous pour envoyer votre position.',
    chooseNumber: 'Répondez par un numéro pour choisir :',
    sendLocationHint: 'Pour envoyer votre position, touchez + dans la zone de saisie puis choisissez Position.',
    failed: 'Désolé, une erreur est survenue. Merci de réessayer plus tard.',
  },
};

export const channelText = translator(catalogs);

/** Language for a channel-level message when the core has not spoken yet. */
export function langForHint(localeHint: string | undefined, fallback: Lang): Lang {
  return langFromLocale(localeHint) ?? fallback;
}
