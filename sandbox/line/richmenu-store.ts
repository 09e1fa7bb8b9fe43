/** What the sandbox keeps of LINE's rich menus: menus and images, aliases, defaults, links. */

export interface RichMenuBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SandboxRichMenu {
  richMenuId: string;
  channelId: string;
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: { bounds: RichMenuBounds; action: Record<string, unknown> }[];
  image?: { contentType: string; data: Buffer };
}

/** A menu as LINE's API shows it (without the channel and the image). */
export function publicMenu(m: SandboxRichMenu) {
  return {
    richMenuId: m.richMenuId,
    size: m.size,
    selected: m.selected,
    name: m.name,
    chatBarText: m.chatBarText,
    areas: m.areas,
  };
}

/** Every rich menu, alias and link the sandbox holds (per channel). */
export class RichMenuState {
  readonly menus = new Map<string, SandboxRichMenu>();
  /** key `${channelId} ${aliasId}` → richMenuId */
  readonly aliases = new Map<string, string>();
  /** channelId → richMenuId */
  readonly defaults = new Map<string, string>();
  /** `${channelId} ${userId}` → richMenuId linked to that user */
  readonly links = new Map<string, string>();
  /** `${channelId} ${userId}` → menu the user's LINE app switched to (richmenuswitch); cleared by a new link. */
  readonly shown = new Map<string, string>();

  /** The menu, if it belongs to this channel (another channel's menu is "not found"). */
  menuOf(channelId: string, richMenuId: string): SandboxRichMenu | undefined {
    const menu = this.menus.get(richMenuId);
    return menu && menu.channelId === channelId ? menu : undefined;
  }

  menusOf(channelId: string): SandboxRichMenu[] {
    return [...this.menus.values()].filter((m) => m.channelId === channelId);
  }

  aliasesOf(channelId: string): { richMenuAliasId: string; richMenuId: string }[] {
    const out: { richMenuAliasId: string; richMenuId: string }[] = [];
    for (const [key, richMenuId] of this.aliases) {
      const [ch, richMenuAliasId] = key.split(' ') as [string, string];
      if (ch === channelId) out.push({ richMenuAliasId, richMenuId });
    }
    return out;
  }

  /** What the user's chat shows: a switched-to menu, else the linked one, else the default. */
  effectiveFor(channelId: string, userId: string): SandboxRichMenu | undefined {
    const key = `${channelId} ${userId}`;
    const id = this.shown.get(key) ?? this.links.get(key) ?? this.defaults.get(channelId);
    return id ? this.menus.get(id) : undefined;
  }

  /** A new link replaces whatever the user had switched to. */
  link(channelId: string, userId: string, richMenuId: string): void {
    this.links.set(`${channelId} ${userId}`, richMenuId);
    this.shown.delete(`${channelId} ${userId}`);
  }

  unlink(channelId: string, userId: string): void {
    this.links.delete(`${channelId} ${userId}`);
    this.shown.delete(`${channelId} ${userId}`);
  }

  /** LINE drops the menu's links, default and aliases with it. */
  delete(menu: SandboxRichMenu): void {
    this.menus.delete(menu.richMenuId);
    if (this.defaults.get(menu.channelId) === menu.richMenuId) this.defaults.delete(menu.channelId);
    for (const map of [this.links, this.shown, this.aliases]) {
      for (const [key, id] of map) if (id === menu.richMenuId) map.delete(key);
    }
  }

  clear(): void {
    this.menus.clear();
    this.aliases.clear();
    this.defaults.clear();
    this.links.clear();
    this.shown.clear();
  }
}
