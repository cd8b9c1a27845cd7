/** What the default manuscript holds, as a reader finds it in every output. */
export const frontChapterTitles = ['Editor’s Note'];
export const bodyChapterTitles = [
  'How Was the First Shot in the Price War Fired?',
  'The Real Gap Lies in Originality, Not Just Time',
  'More Investment Doesn’t Always Fuel More Innovation',
  'V2 Model: Built Entirely by Homegrown Talent',
  'All Strategies Are Products of the Past',
  'Reader Comments',
];
export const chapterTitles = [...frontChapterTitles, ...bodyChapterTitles];
export const footnoteTexts = [
  'A quantitative investment firm and early DeepSeek backer.',
  'Mixture of Experts, an architecture that improves model efficiency',
  'Co-founder of Meituan, who briefly entered the AI race in 2023',
];
