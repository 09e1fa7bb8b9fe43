import { boardUrl, type BoardView } from '#lib/api.ts';
import { boardBranch, loadJson } from '#lib/order-board/load.ts';
import type { PageLoad } from './$types';

/**
 * 訂單處理 of the branch chosen in the header: today's and overdue active orders, and whether
 * new ones chime (the shop's 訂單通知設定). Switching branches re-runs the admin layout, and so this.
 */
export const load: PageLoad = async ({ fetch, params, parent }) => {
  const branch = boardBranch((await parent()).restaurant);
  if (!branch) return { branch: null, board: null, sound: false };
  const board = await loadJson<BoardView>(fetch, boardUrl(params.tenant, branch.id));
  return { branch, board, sound: board.newOrderSound };
};
