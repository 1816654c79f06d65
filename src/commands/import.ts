import type { Command } from '../cli.ts';

const command: Command = {
  description: '从“质量月”通知的文本生成活动数据 YAML。',
  usage: 'qmkit import <通知.txt> [--slogans <口号.txt>] [--edition <版本>] [--out <文件>]',
  options: { slogans: { type: 'string' }, edition: { type: 'string' }, out: { type: 'string' } },
  allowPositionals: true,
  async run() {
    throw new Error('not implemented yet');
  },
};
export default command;
