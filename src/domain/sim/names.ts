/**
 * Docker-style random names (adjective_surname), as pkg/namesgenerator makes them.
 * A subset of Docker's lists; 'boring_wozniak' is never produced, as in Docker.
 */
// LEFT and RIGHT look alike because both are word lists laid out ten a row: data, not repeated logic
export const LEFT = [
  'admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful', 'bold',
  'boring', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'competent', 'condescending', 'confident', 'cool',
  'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager', 'ecstatic', 'elastic', 'elated',
  'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive', 'flamboyant', 'focused', 'friendly', 'frosty',
  'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'great', 'happy', 'hardcore', 'heuristic', 'hopeful',
  'hungry', 'infallible', 'inspiring', 'intelligent', 'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing',
  'loving', 'lucid', 'magical', 'modest', 'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty',
  'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical',
  'recursing', 'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic',
  'strange', 'stupefied', 'suspicious', 'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant',
  'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen',
]

export const RIGHT = [
  'agnesi', 'albattani', 'allen', 'almeida', 'archimedes', 'ardinghelli', 'aryabhata', 'austin', 'babbage', 'banach',
  'bardeen', 'bartik', 'bassi', 'bell', 'bhabha', 'blackburn', 'blackwell', 'bohr', 'booth', 'borg',
  'bose', 'brahmagupta', 'brattain', 'brown', 'carson', 'chandrasekhar', 'chatelet', 'chebyshev', 'clarke', 'cohen',
  'curie', 'darwin', 'davinci', 'dijkstra', 'dirac', 'easley', 'einstein', 'elbakyan', 'elgamal', 'elion',
  'engelbart', 'euclid', 'euler', 'faraday', 'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gates',
  'goldberg', 'goldstine', 'goodall', 'hamilton', 'hawking', 'heisenberg', 'hermann', 'hodgkin', 'hopper', 'hypatia',
  'jackson', 'jang', 'jennings', 'johnson', 'kalam', 'kapitsa', 'keldysh', 'kepler', 'khorana', 'kilby',
  'knuth', 'kowalevski', 'lalande', 'lamarr', 'lamport', 'leakey', 'leavitt', 'lovelace', 'lumiere', 'mahavira',
  'margulis', 'mayer', 'mccarthy', 'mcclintock', 'meitner', 'mendel', 'mendeleev', 'merkle', 'mirzakhani', 'montalcini',
  'morse', 'nash', 'newton', 'nobel', 'noether', 'noyce', 'pascal', 'pasteur', 'perlman', 'pike',
  'poincare', 'ptolemy', 'raman', 'ramanujan', 'ritchie', 'saha', 'sammet', 'shannon', 'shockley', 'sinoussi',
  'stonebraker', 'swanson', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira', 'visvesvaraya', 'wescoff', 'wilbur',
  'wiles', 'williams', 'wilson', 'wing', 'wozniak', 'wright', 'yalow', 'yonath',
]

/** GetRandomName(retry): adjective_surname, with a digit appended on retries, as Docker does. */
export function randomName(random: () => number, retry = 0): string {
  for (;;) {
    const name = `${LEFT[Math.floor(random() * LEFT.length)]}_${RIGHT[Math.floor(random() * RIGHT.length)]}`
    if (name === 'boring_wozniak') continue // Steve Wozniak is not boring
    return retry > 0 ? `${name}${Math.floor(random() * 10)}` : name
  }
}
