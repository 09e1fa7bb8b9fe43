import { describe, expect, it } from 'vitest';
import { branchAccessSchema, currentBranch, effectiveBranchAccess, mayUseBranch } from './branch-access.ts';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const branches = [
  { id: A, name: '信義店' },
  { id: B, name: '大安店' },
];

describe('branch access', () => {
  it('gives owners every branch, whatever their row says', () => {
    expect(effectiveBranchAccess('owner', { allBranches: false, branchIds: [A] })).toEqual({ all: true });
    expect(effectiveBranchAccess('staff', { allBranches: true, branchIds: [A] })).toEqual({ all: true });
    expect(effectiveBranchAccess('staff', { allBranches: false, branchIds: [A] })).toEqual({
      all: false,
      branchIds: [A],
    });
  });

  it('lets a limited member use their branches only', () => {
    const limited = effectiveBranchAccess('manager', { allBranches: false, branchIds: [A] });
    expect(mayUseBranch(limited, A)).toBe(true);
    expect(mayUseBranch(limited, B)).toBe(false);
    // Limited to nothing (every one of their branches removed) reaches no branch.
    expect(mayUseBranch(effectiveBranchAccess('staff', { allBranches: false, branchIds: [] }), A)).toBe(false);
    expect(mayUseBranch({ all: true }, B)).toBe(true);
  });

  it('takes "all", or at least one branch ID, from the team page', () => {
    expect(branchAccessSchema.parse({ all: true })).toEqual({ all: true });
    expect(branchAccessSchema.parse({ all: false, branchIds: [A, A, B] })).toEqual({ all: false, branchIds: [A, B] });
    expect(branchAccessSchema.safeParse({ all: false, branchIds: [] }).error?.issues[0]?.message).toBe(
      '請至少選一間分店',
    );
    expect(branchAccessSchema.safeParse({ all: false, branchIds: ['x'] }).error?.issues[0]?.message).toBe(
      '分店代號不正確',
    );
    expect(branchAccessSchema.safeParse({ all: 'yes' }).success).toBe(false);
    expect(branchAccessSchema.safeParse({ all: true, branchIds: [A] }).success).toBe(false);
  });
});

describe('the current branch', () => {
  it('is the one chosen, while the member still has it', () => {
    expect(currentBranch(branches, B)).toEqual({ branch: branches[1], reason: 'chosen' });
  });

  it('is never silently another one when the chosen branch is gone, even the only one left', () => {
    expect(currentBranch(branches, '0190a000-0000-7000-8000-0000000000ff')).toEqual({
      branch: null,
      reason: 'chosen_unavailable',
    });
    expect(currentBranch([branches[0]!], B)).toEqual({ branch: null, reason: 'chosen_unavailable' });
  });

  it('is the only branch before any choice, and asks when there are several or none', () => {
    expect(currentBranch([branches[0]!], null)).toEqual({ branch: branches[0], reason: 'only' });
    expect(currentBranch(branches, null)).toEqual({ branch: null, reason: 'choose' });
    expect(currentBranch([], A)).toEqual({ branch: null, reason: 'no_branches' });
  });
});
