/**
 * The offline model's story in Japanese: the English story's plot, told in Japanese, with
 * its hero, place and object chosen by the prompt's hash as the English one chooses them.
 */

const HEROES = ['灯台守', '若いパン職人', '年老いた時計職人', '好奇心の強いキツネ'];
const PLACES = ['風の強い港町', '山のふもとの村', '橋の多い街'];
const OBJECTS = ['真鍮の鍵', '折りたたんだ地図', '銀の鈴', '青いインクの瓶'];

/** The story for a prompt whose hash is `hash`, about as long to read as the English one. */
export function japaneseStory(hash: number): string {
  const hero = HEROES[hash % HEROES.length] ?? '旅人';
  const place = PLACES[(hash >>> 8) % PLACES.length] ?? '静かな町';
  const object = OBJECTS[(hash >>> 16) % OBJECTS.length] ?? '小さな箱';
  const paragraphs = [
    `むかしむかし、${place}に、毎日のできごとを丁寧に書き留める${hero}が住んでいました。一つひとつの記録は短く飾り気のないものでしたが、集めて読むと、どんな歴史の本よりもよく町の物語を伝えていました。`,
    `ある曇った朝、差出人の名前のない小包が届きました。中には、雨のにおいがする紙に包まれた${object}が入っていました。手紙はなく、紙の端に数字が一列に書かれているだけでした。まるで誰かが数えている途中で、急いで手を止めたかのようでした。`,
    'はじめは数字の意味がわかりませんでした。日付でもなければ、値段でもありません。三晩のあいだ、なぞは台所のテーブルに置かれたままでしたが、晩ごとに少しずつ奇妙さが薄れていきました。四日目の晩、ついに決まりが見えました。どの数字も、古い市場の二つの扉のあいだの歩数だったのです。',
    'こうして、扉から扉へと歩く旅が始まりました。声に出して歩数を数える様子を、店の人たちはほほえみながら見守りました。最後の扉の先は小さな中庭で、年配の女性がベンチに座って待っていました。誰かが来ることを、はじめから知っていたかのようでした。',
    '女性は、むかし市場で大切なものをなくし、二度と見つけられなかったのだと話しました。あの数字は、記憶が薄れる前に書き留めておいた道順だったのです。辛抱強い誰かが最後までたどってくれることを願って、送り出したのでした。',
    '二人は中庭を探し、噴水のそばのぐらぐらした石の下から、町の古い写真が詰まったブリキの箱を見つけました。女性は笑って目をぬぐい、自分では待てなくても、待つだけの値打ちがあるものもあるのですね、と言いました。',
    `その日から、${place}で書き留められる記録には、新しい最初の一行が加わりました。辛抱強い人は、急ぐ人が通り過ぎるものを見つける、と。`,
  ];
  return paragraphs.join('\n\n');
}
