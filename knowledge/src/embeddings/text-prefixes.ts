export interface TextPrefixes {
  query: string;
  passage: string;
}

// E5 models were trained with these markers; without them query/passage similarity drops noticeably.
const E5_ID = /(^|[^a-z0-9])e5([^a-z0-9]|$)/i;

/** Prefixes a model family expects in front of queries and passages (empty for most models). */
export function textPrefixes(modelId: string): TextPrefixes {
  return E5_ID.test(modelId) ? { query: 'query: ', passage: 'passage: ' } : { query: '', passage: '' };
}
