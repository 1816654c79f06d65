// Small synthetic notices, one kind of extraction mess each.

import { describe, expect, it } from 'vitest';
import { ImportNoticeError } from '../../src/errors.ts';
import { cleanLine, cleanNotice } from '../../src/notice/clean-text.ts';
import { importNotice } from '../../src/notice/import-notice.ts';
import { isMultiNameLine, splitNameLine } from '../../src/notice/organizers.ts';
import { parseSlogans } from '../../src/notice/slogans.ts';

const TITLE = '关于开展2023年全国“质量月”活动的通知';
const INTRO = '为推动质量强国建设，市场监管总局等3个部门定于2023年9月联合开展全国“质量月”活动。现就有关事项通知如下：';

/** A minimal well-formed notice; each test swaps one part for a messy version. */
function notice(parts: { head?: string; theme?: string; content?: string; events?: string; requirements?: string; tail?: string } = {}): string {
  return [
    parts.head ?? TITLE,
    INTRO,
    '一、活动主题',
    parts.theme ?? '质量强国 标准引领',
    '二、活动内容',
    parts.content ?? '（一）加强主题宣传。开展宣传活动。\n\n（二）强化质量监管。加强监督抽查。',
    ...(parts.events ? ['三、重点活动', parts.events] : []),
    '四、活动要求',
    parts.requirements ?? '（一）加强组织领导。各地要精心组织。',
    parts.tail ?? '市场监管总局 中央宣传部 教育部\n\n2023年8月1日',
  ].join('\n');
}

const run = (text: string, edition?: string) => importNotice(text, { sourceFile: 'test.txt', ...(edition ? { edition } : {}) });

describe('the minimal notice', () => {
  it('imports every field', () => {
    const { campaign } = run(notice());
    expect(campaign).toEqual({
      year: 2023,
      edition: 'national',
      editionName: '全国',
      title: TITLE,
      signedOn: '2023-08-01',
      issuer: '市场监管总局等3个部门',
      theme: '质量强国 标准引领',
      slogans: [],
      focusAreas: [
        { title: '加强主题宣传', detail: '开展宣传活动。' },
        { title: '强化质量监管', detail: '加强监督抽查。' },
      ],
      keyEvents: [],
      requirements: [{ title: '加强组织领导', detail: '各地要精心组织。' }],
      organizers: ['市场监管总局', '中央宣传部', '教育部'],
      organizersTotal: 3,
      source: { file: 'test.txt' },
      sample: false,
    });
  });
});

describe('extraction mess', () => {
  it.each([
    ['a bookmark prefix on the title', { head: `[bookmark: _GoBack]${TITLE}` }],
    ['a bookmark on a line of its own', { head: `[bookmark: _Toc123]\n${TITLE}` }],
    ['a zero-width space and a BOM', { head: `\uFEFF关于开展2023年全国“质量月”\u200b活动的通知` }],
  ])('%s is removed', (_, parts) => {
    const { campaign } = run(notice(parts));
    expect(campaign.title).toBe(TITLE);
  });

  it('a preview trailer ends the text; its URL is not the notice source', () => {
    const text = notice({
      tail: '市场监管总局 中央宣传部\n\n预览已结束，完整报告链接和二维码如下：\n\nhttps://www.yunbaogao.cn/report/index/report?reportId=1\n市场监管总局 国家发展改革委',
    });
    const { campaign, warnings } = run(text);
    expect(campaign.organizers).toEqual(['市场监管总局', '中央宣传部']);
    expect(campaign.organizersTotal).toBe(3);
    expect(campaign.source).toEqual({ file: 'test.txt' });
    expect(campaign.signedOn).toBeUndefined();
    expect(warnings).toContain('部门名单不完整：通知称共 3 个部门，但文本在“预览已结束”处被截断，只列出 2 个。请对照通知原文补全 organizers');
    expect(warnings).toContain('通知文本在“预览已结束”处被截断（该行起的网站内容已忽略），原文此后的部分不在文件中，缺少落款日期和部分部门名单');
  });

  it('a stray English "and" between Chinese words becomes 和', () => {
    expect(cleanLine('习近平新时代中国特色社会主义思想 and 党的十九大精神')).toBe('习近平新时代中国特色社会主义思想和党的十九大精神');
    expect(cleanLine('思想and党')).toBe('思想和党');
    expect(cleanLine('依据 ISO 9001 and GB/T 19001 标准')).toBe('依据 ISO 9001 and GB/T 19001 标准');
    expect(cleanLine('Brand 质量')).toBe('Brand 质量');
    const { campaign } = run(notice({ content: '（一）学习思想 and 党的精神。深入学习。' }));
    expect(campaign.focusAreas[0]!.title).toBe('学习思想和党的精神');
  });

  it('half-width item markers, colons and quotes read like full-width ones', () => {
    const { campaign } = run(
      notice({
        theme: '2023年全国"质量月"活动的主题是:"质量强国 标准引领".',
        content: '(一) 加强主题宣传.开展宣传活动.\n(二)强化质量监管,加强监督.加强抽查.\n( 三 ) 推动"质量开放日"活动.',
      }),
    );
    expect(campaign.theme).toBe('质量强国 标准引领');
    expect(campaign.focusAreas).toEqual([
      { title: '加强主题宣传', detail: '开展宣传活动。' },
      { title: '强化质量监管，加强监督', detail: '加强抽查。' },
      { title: '推动“质量开放日”活动' },
    ]);
  });

  it.each([
    ['"01" on its own line before the heading', '01\n活动主题\n质量强国 标准引领\n02\n活动内容\n（一）加强宣传。开展活动。\n03\n重点安排\n（一）举办论坛。交流经验。\n04\n工作要求\n各地要精心组织。活动结束后及时总结。'],
    ['"01 / 活动主题" on one line', '01 / 活动主题\n质量强国 标准引领\n02 / 活动内容\n（一）加强宣传。开展活动。\n03 / 重点安排\n（一）举办论坛。交流经验。\n04 / 工作要求\n各地要精心组织。活动结束后及时总结。'],
    ['"第一部分" headings', '第一部分 活动主题\n质量强国 标准引领\n第二部分 活动内容\n（一）加强宣传。开展活动。\n第三部分 重点安排\n（一）举办论坛。交流经验。\n第四部分 工作要求\n各地要精心组织。活动结束后及时总结。'],
  ])('%s', (_, body) => {
    const text = [TITLE, INTRO, body, '市场监管总局 中央宣传部 教育部', '2023年8月1日'].join('\n');
    const { campaign } = run(text);
    expect(campaign.theme).toBe('质量强国 标准引领');
    expect(campaign.focusAreas).toEqual([{ title: '加强宣传', detail: '开展活动。' }]);
    expect(campaign.keyEvents).toEqual([{ title: '举办论坛', detail: '交流经验。' }]);
    expect(campaign.requirements).toEqual([{ title: '各地要精心组织', detail: '活动结束后及时总结。' }]);
  });

  it('web-page metadata before the notice and contacts, attachments and 印发 lines after it are not content', () => {
    const head = [
      '标 题:关于开展2023年全国“质量月”活动的通知',
      '索引号：2023-1690000000000',
      '主题分类：通知',
      '文 号：国市监质发[2023]88号',
      '所属机构：质量发展局',
      '成文日期：2023年08月28日',
      '发布日期：2023年09月01日',
      '原文链接：https://www.samr.gov.cn/example/t20230901_1.html',
      '',
      `${TITLE} (国市监质发〔2023〕88号)`,
    ].join('\n');
    const tail = [
      '联系人：市场监管总局质量发展局 张三',
      '电 话：010-00000000',
      '邮 箱：zhangsan@example.gov.cn',
      '- 附件：1. 2023年全国“质量月”主办单位开展的主要活动',
      '2. 2023年全国“质量月”活动口号',
      '市场监管总局 中央宣传部 教育部',
      '(此件公开发布)',
      '市场监管总局办公厅 2023年8月30日印发',
    ].join('\n');
    const { campaign } = run(notice({ head, tail }));
    expect(campaign.title).toBe(TITLE);
    expect(campaign.docNumber).toBe('国市监质发〔2023〕88号');
    expect(campaign.signedOn).toBe('2023-08-28');
    expect(campaign.source).toEqual({ file: 'test.txt', url: 'https://www.samr.gov.cn/example/t20230901_1.html' });
    expect(campaign.requirements).toEqual([{ title: '加强组织领导', detail: '各地要精心组织。' }]);
    expect(campaign.organizers).toEqual(['市场监管总局', '中央宣传部', '教育部']);
  });

  it('a paragraph hard-wrapped by PDF extraction, even across a blank line, is joined', () => {
    const { campaign } = run(notice({ content: '（一）加强主题宣传，推动树立质量意识。深入宣传关于建设质量强国的决策\n\n部署。利用传统媒体平台。\n\n（二）强化监管。加强抽查。' }));
    expect(campaign.focusAreas).toEqual([
      { title: '加强主题宣传，推动树立质量意识', detail: '深入宣传关于建设质量强国的决策部署。利用传统媒体平台。' },
      { title: '强化监管', detail: '加强抽查。' },
    ]);
  });

  it('an item title on its own line takes the next paragraph as its text; later plain paragraphs are items', () => {
    const { campaign } = run(
      notice({ events: '（一）举办颁奖仪式\n开展表彰活动。推广经验。\n（二）开展质量强企活动。组织交流。\n各地要结合实际开展活动。', content: '（一）加强宣传。\n1.开展开放日。\n2.开展讲座。' }),
    );
    expect(campaign.keyEvents).toEqual([
      { title: '举办颁奖仪式', detail: '开展表彰活动。推广经验。' },
      { title: '开展质量强企活动', detail: '组织交流。' },
      { title: '各地要结合实际开展活动' },
    ]);
    expect(campaign.focusAreas).toEqual([{ title: '加强宣传', detail: '1.开展开放日。2.开展讲座。' }]);
  });

  it('page numbers and ideographic or non-breaking spaces are cleaned', () => {
    const { lines } = cleanNotice('第一行\n- 3 -\n加强质量支撑\u3000\u3000共建质量强国\n—12—\n');
    expect(lines).toEqual(['第一行', '', '加强质量支撑  共建质量强国']);
    const { campaign } = run(notice({ theme: '加强质量支撑\u00a0 \u3000共建质量强国' }));
    expect(campaign.theme).toBe('加强质量支撑 共建质量强国');
  });

  it('Markdown marks from a conversion are dropped', () => {
    const text = notice({ head: `# ${TITLE}`, content: '**（一）加强主题宣传。**开展宣传活动。' }).replace('一、活动主题', '## 一、活动主题');
    const { campaign } = run(text);
    expect(campaign.title).toBe(TITLE);
    expect(campaign.theme).toBe('质量强国 标准引领');
    expect(campaign.focusAreas).toEqual([{ title: '加强主题宣传', detail: '开展宣传活动。' }]);
  });

  it('a body line that merely mentions an attachment does not end the notice', () => {
    const { campaign } = run(notice({ requirements: '（一）加强组织领导。各地要精心组织。\n附件2中所列活动由各主办单位组织实施。' }));
    expect(campaign.requirements).toEqual([{ title: '加强组织领导', detail: '各地要精心组织。' }]);
    expect(campaign.closing).toBe('附件2中所列活动由各主办单位组织实施。');
  });

  it('"等18部门" without 个 and a heading ending in 。 are understood', () => {
    const text = notice().replace('等3个部门', '等3部门').replace('二、活动内容', '二、活动内容。');
    const { campaign } = run(text);
    expect(campaign.issuer).toBe('市场监管总局等3部门');
    expect(campaign.organizersTotal).toBe(3);
    expect(campaign.focusAreas).toHaveLength(2);
  });

  it('a two-phrase theme whose halves end like department names is not taken for the signature', () => {
    const { campaign } = run(notice({ theme: '服务质量强国建设部 共建和谐社会' }));
    expect(campaign.theme).toBe('服务质量强国建设部 共建和谐社会');
    expect(campaign.focusAreas).toHaveLength(2);
    expect(campaign.organizers).toEqual(['市场监管总局', '中央宣传部', '教育部']);
  });

  it('a signature block with one name per line, dated in Chinese numerals', () => {
    const { campaign } = run(notice({ tail: '市场监管总局\n中央宣传部\n教 育 部\n二〇二三年八月一日' }));
    expect(campaign.organizers).toEqual(['市场监管总局', '中央宣传部', '教育部']);
    expect(campaign.signedOn).toBe('2023-08-01');
  });

  it('Windows line endings', () => {
    expect(run(notice().replace(/\n/g, '\r\n')).campaign).toEqual(run(notice()).campaign);
  });

  it('a theme broken over two lines keeps its halves apart', () => {
    expect(run(notice({ theme: '质量强国\n标准引领' })).campaign.theme).toBe('质量强国 标准引领');
  });
});

describe('the signature block', () => {
  it.each([
    ['single spaces between names', '市场监管总局 中央宣传部 国家发展改革委', ['市场监管总局', '中央宣传部', '国家发展改革委']],
    ['spaced-out names between wider gaps', '最高人民检察院\u00a0 国家发展改革委\u00a0 教 育 部', ['最高人民检察院', '国家发展改革委', '教育部']],
    ['two spaced-out names side by side', '工业和信息化部\u00a0 公 安 部\u00a0 民 政 部', ['工业和信息化部', '公安部', '民政部']],
    ['a spaced-out name after a wide gap', '交通运输部\u00a0 \u00a0水 利 部\u00a0 农业农村部', ['交通运输部', '水利部', '农业农村部']],
    ['spaced-out names with uniform gaps', '公 安 部 民 政 部', ['公安部', '民政部']],
    ['a name broken inside', '国家发展 改革委  教育部', ['国家发展改革委', '教育部']],
    ['one name per line', '海关总署', ['海关总署']],
  ])('%s', (_, line, names) => {
    expect(cleanedNames(line)).toEqual(names);
  });

  it.each([['2020年8月14日'], ['（此件公开发布）'], ['附件：1. 主要活动'], ['Made in China']])('"%s" is not a name line', (line) => {
    expect(splitNameLine(cleanLine(line))).toBeUndefined();
  });

  it('a theme of two phrases is not a list of departments', () => {
    expect(isMultiNameLine('推动质量变革创新 促进质量强国建设')).toBe(false);
    expect(isMultiNameLine('市场监管总局 中央宣传部')).toBe(true);
  });

  it('a single sender under 此件公开 is the issuer, not an organizer list', () => {
    const local = [
      '江苏省质量强省工作领导小组办公室文件',
      '苏质强办〔2023〕5号',
      '关于开展2023年江苏省“质量月”活动的通知',
      '各设区市质量强市工作领导小组办公室：',
      '为推动质量强省建设，决定于2023年9月开展“质量月”活动。现通知如下：',
      '一、活动主题',
      '质量强国 标准引领',
      '二、活动内容',
      '（一）加强宣传。开展活动。',
      '三、工作要求',
      '（一）加强组织。精心组织。',
      '江苏省质量强省工作领导小组办公室',
      '2023年8月20日',
    ].join('\n');
    const { campaign } = run(local, 'jiangsu');
    expect(campaign).toMatchObject({
      edition: 'jiangsu',
      editionName: '江苏省',
      docNumber: '苏质强办〔2023〕5号',
      issuer: '江苏省质量强省工作领导小组办公室',
      signedOn: '2023-08-20',
    });
    expect(campaign.requirements).toEqual([{ title: '加强组织', detail: '精心组织。' }]);
    expect(campaign.organizers).toBeUndefined();
    expect(campaign.organizersTotal).toBeUndefined();
  });
});

function cleanedNames(line: string): string[] | undefined {
  return splitNameLine(cleanLine(line))?.names;
}

describe('refusals and warnings', () => {
  it('a text without a year is refused with the file name and a fix', () => {
    expect(() => run('一、活动主题\n质量强国\n二、活动内容\n（一）加强宣传。')).toThrowError(
      new ImportNoticeError(
        'test.txt：无法导入，找不到活动年份：标题中没有“XXXX年”，正文中也没有“XXXX年…“质量月””。\n处理办法：确认这是“质量月”活动通知的完整正文（含标题），或在文件开头补上通知标题后重试',
      ),
    );
  });

  it('a text without a theme is refused', () => {
    expect(() => run(`${TITLE}\n二、活动内容\n（一）加强宣传。开展活动。`)).toThrowError(/^test\.txt：无法导入，找不到活动主题：没有找到“活动主题”一节/);
  });

  it('a theme section whose first paragraph is a long sentence is refused, not guessed', () => {
    expect(() => run(notice({ theme: '各地要围绕质量强国建设的目标任务，结合本地实际，确定有特色的活动主题，并在活动中广泛宣传，营造良好氛围。' }))).toThrowError(
      /找不到活动主题：“活动主题”一节的第一段有 \d+ 字，不像主题/,
    );
  });

  it('a local notice needs --edition; the region comes from the title', () => {
    const text = notice({ head: '关于开展2023年江苏省“质量月”活动的通知' });
    expect(() => run(text)).toThrowError('test.txt：无法导入，找不到版本标识：这不是全国通知（标题中没有“全国“质量月””），无法确定版本。\n处理办法：用 --edition <版本> 指定，如 --edition tianjin');
    expect(run(text, 'jiangsu').campaign.editionName).toBe('江苏省');
    expect(() => run(text, 'Jiang Su')).toThrowError(/--edition「Jiang Su」不是有效的版本标识/);
  });

  it('an unknown section is reported, not silently dropped', () => {
    const text = notice({ requirements: '（一）加强组织。精心组织。\n五、其他事项\n请及时报送材料。' });
    expect(run(text).warnings).toContain('未识别的章节「其他事项」（1 段），其内容没有导入，请确认是否需要');
  });

  it('a missing date and issuer are warnings, and the fields are left out', () => {
    const text = [TITLE, '现就有关事项通知如下：', '一、活动主题', '质量强国', '二、活动内容', '（一）加强宣传。开展活动。'].join('\n');
    const { campaign, warnings } = run(text);
    expect(campaign.signedOn).toBeUndefined();
    expect(campaign.issuer).toBeUndefined();
    expect(campaign.requirements).toEqual([]);
    expect(warnings).toEqual(expect.arrayContaining([
      '没有找到落款日期（通知末尾的“XXXX年X月X日”），signedOn 已省略',
      '没有找到发文单位（如“市场监管总局等27个部门”、文头“××文件”或落款），issuer 已省略，请手工填写',
      '没有找到“活动要求”或“工作要求”一节，requirements 为空',
    ]));
  });
});

describe('the slogans file', () => {
  it('skips blank and # lines, drops list numbers, normalises spaces and reports duplicates', () => {
    const warnings: string[] = [];
    const text = '# 口号\n\n1. 质量强国\u3000\u3000标准引领\n2、人人创造质量  人人享受质量\n（3）12315 守护消费安全\n质量强国 标准引领\n';
    expect(parseSlogans(text, 'slogans.txt', warnings)).toEqual(['质量强国 标准引领', '人人创造质量 人人享受质量', '12315 守护消费安全']);
    expect(warnings).toEqual(['slogans.txt:6：口号「质量强国 标准引领」与第 3 行重复，已跳过']);
  });
});
