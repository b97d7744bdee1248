/**
 * What a resident is told before the first question, per respondent language. Plain words for
 * elderly residents who may read little (the kiosk can read it aloud): what the survey is for,
 * that taking part is their choice, that they can stop at any time, and that their answers are
 * kept under a code, not their name. Paragraphs are separated by a blank line.
 */

export interface ConsentText {
	title: string;
	body: string;
}

export const CONSENT_TEXTS: Readonly<Record<string, ConsentText>> = {
	'zh-Hans': {
		title: '开始之前',
		body: [
			'您好！这份问卷想听听您搬到新社区以后过得怎么样：和邻居相处得好不好，平时参加哪些活动，心情怎么样，对这个社区有什么感觉。',
			'您的回答会帮助社区和服务机构把事情做得更好，让大家住得更安心。',
			'参不参加完全由您决定。哪个问题不想回答，可以跳过；任何时候都可以停下来，对您没有任何影响。如果中途停下，已经回答的部分会保存下来。',
			'我们不会记下您的名字。您的回答只和一个编号放在一起保存，只用来做统计，不会让别人知道是您说的。',
			'如果您愿意参加，我们就开始吧。谢谢您！'
		].join('\n\n')
	},
	en: {
		title: 'Before we begin',
		body: [
			'Hello! These questions ask how life has been since you moved to this community: getting along with neighbours, the activities you take part in, how you are feeling, and what this place means to you.',
			'Your answers help the community centre and the organisations that serve residents do things better, so that everyone can feel more at home.',
			'Taking part is your choice. You can skip any question you do not want to answer, and you can stop at any time. Nothing changes for you either way. If you stop part-way, the answers you have already given are kept.',
			'We do not write down your name. Your answers are kept under a code, not your name, and are only used for statistics. No one will be able to tell that they are yours.',
			'If you are happy to take part, let us begin. Thank you!'
		].join('\n\n')
	}
};

/** The consent text for each of `languages` that has one, keyed by language tag. */
export function consentTextsFor(languages: readonly string[]): Record<string, ConsentText> {
	return Object.fromEntries(languages.flatMap((language) => (CONSENT_TEXTS[language] ? [[language, CONSENT_TEXTS[language]]] : [])));
}
