// Emoji and emoticons, the same in every language: what complaints and praise put at the end of a post.
export const EMOJI: Record<string, number> = {
  // anger, disgust, disapproval
  '😡': -3, '🤬': -3.5, '😠': -2.8, '👎': -2.5, '🤮': -3, '🤢': -2.5, '💩': -2.5, '🖕': -3, '😤': -2, '🙄': -1.8, '😒': -1.8,
  '😑': -1, '😐': -0.5, '🤦': -2, '🤦‍♀️': -2, '🤦‍♂️': -2, '🤷': -0.5, '😾': -2, '👿': -2.8, '😈': -0.5, '💢': -2.2, '🚮': -2, '🗑️': -2, '🗑': -2,
  // sadness, fear, disappointment
  '😢': -2, '😭': -2, '😞': -2.2, '😔': -1.8, '😟': -1.5, '😕': -1.5, '🙁': -1.8, '☹️': -2, '☹': -2, '😩': -2.2, '😫': -2.2,
  '😖': -2, '😣': -1.8, '😥': -1.5, '😰': -2, '😱': -1.8, '😨': -1.8, '💔': -2.5, '😬': -1.2, '😿': -2, '🥲': -0.5,
  // a complaint's shrug or its "dead" (both seen only in complaints so far)
  '🙃': -1.5, '💀': -1.5,
  // waiting
  '⏳': -0.8, '⌛': -0.8,
  // warnings
  '⚠️': -1.5, '⚠': -1.5, '🚫': -1.8, '❌': -1.8, '⛔': -1.8, '🛑': -1.5, '🤡': -2.5, '🐌': -1.5, '💸': -1, '🧢': -1.2, '📉': -1.5,
  // joy, love, approval
  '😍': 3, '🥰': 3, '😘': 2.2, '❤️': 2.8, '❤': 2.8, '💕': 2.5, '💖': 2.5, '💗': 2.5, '💙': 2.2, '💚': 2.2, '💜': 2.2, '🧡': 2.2,
  '💛': 2.2, '🤍': 2, '♥️': 2.5, '♥': 2.5, '😊': 2.2, '☺️': 2, '🙂': 1.2, '😀': 2, '😃': 2.2, '😄': 2.2, '😁': 2.2, '😆': 1.8,
  '😂': 0.3, '🤣': 0.3, '😅': 0.5, '😉': 1.2, '😎': 1.8, '🤩': 3, '🥳': 2.8, '🎉': 2.5, '🎊': 2.5, '👍': 2.2, '👌': 2, '👏': 2.2,
  '🙌': 2.5, '💪': 1.8, '🙏': 1.2, '✨': 1.5, '⭐': 1.8, '🌟': 2, '💯': 2, '🔥': 1.5, '✅': 1.5, '🤗': 2.2, '😋': 2.2, '🤤': 1.5,
  '🏆': 2.2, '🥇': 2.2, '🫶': 2.8, '😇': 1.8, '🆒': 1.5, '👑': 1.8, '🚀': 1.8, '🥹': 2,
  // emoticons (VADER's English lexicon has more; these work in every language)
  ':(': -2, ':-(': -2, ":'(": -2.2, '>:(': -2.8, ':/': -1.2, ':-/': -1.2, ':@': -2.5, ':)': 1.8, ':-)': 1.8, ':D': 2.2, ':-D': 2.2,
  ';)': 1.2, ';-)': 1.2, '<3': 2.5, '</3': -2.5, ':p': 1, ':P': 1,
};

/** An emoji or emoticon, with its skin-tone, gender and presentation variants (emojiKey strips them for the lookup). */
export const EMOJI_PATTERN =
  /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?|[\u{1F3FB}-\u{1F3FF}]|\u200D[\u2640\u2642]\uFE0F?)*|>:\(|:'\(|<\/?3|[:;][-]?[()DPp/@]/u;

export function emojiKey(token: string): string {
  return token.replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '');
}
