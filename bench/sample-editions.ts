// The scale data set of issue 14: N sample editions extending national 2022, each with one local slogan. Generated
// into a temporary data folder by the bench and the tests; never shipped in data/. Every edition is `sample: true`
// and its names and slogans say 示例, so nothing here can pass for an official text.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Region names used to group the sample editions on the home page (31 provincial-level divisions). */
export const PROVINCES = [
  '北京市', '天津市', '河北省', '山西省', '内蒙古自治区', '辽宁省', '吉林省', '黑龙江省', '上海市', '江苏省', '浙江省',
  '安徽省', '福建省', '江西省', '山东省', '河南省', '湖北省', '湖南省', '广东省', '广西壮族自治区', '海南省', '重庆市',
  '四川省', '贵州省', '云南省', '西藏自治区', '陕西省', '甘肃省', '青海省', '宁夏回族自治区', '新疆维吾尔自治区',
] as const;

export interface SampleEditionsOptions {
  /** How many editions. */
  count: number;
  /** 'add': the national slogans plus one local one ({ inherit: true, add }); 'local': the one local slogan only. */
  slogans?: 'add' | 'local';
  /** The shipped data folder whose site.yaml and national/2022.yaml are copied. */
  from: string;
}

export const sampleSlogan = (n: number) => `示例口号 第${n}条`;
export const sampleEdition = (n: number) => `sample-${String(n).padStart(4, '0')}`;

/** Writes data/site.yaml, campaigns/national/2022.yaml and `count` sample editions into `dir`; returns `dir`. */
export function writeSampleEditions(dir: string, options: SampleEditionsOptions): string {
  const { count, slogans = 'add', from } = options;
  mkdirSync(path.join(dir, 'campaigns', 'national'), { recursive: true });
  cpSync(path.join(from, 'site.yaml'), path.join(dir, 'site.yaml'));
  cpSync(path.join(from, 'campaigns', 'national', '2022.yaml'), path.join(dir, 'campaigns', 'national', '2022.yaml'));
  for (let n = 1; n <= count; n++) {
    const edition = sampleEdition(n);
    mkdirSync(path.join(dir, 'campaigns', edition), { recursive: true });
    const list = slogans === 'add' ? `slogans:\n  inherit: true\n  add:\n    - ${sampleSlogan(n)}\n` : `slogans:\n  - ${sampleSlogan(n)}\n`;
    writeFileSync(
      path.join(dir, 'campaigns', edition, '2022.yaml'),
      `# 示例数据：规模测试生成的第 ${n} 个地方版本，不是真实的版本。\nyear: 2022\nextends: national\nedition: ${edition}\neditionName: 示例${n}号市\nprovince: ${PROVINCES[(n - 1) % PROVINCES.length]}\nsample: true\n${list}`,
    );
  }
  return dir;
}
