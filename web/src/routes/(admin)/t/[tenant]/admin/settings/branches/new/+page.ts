export { load } from '../+page.ts';
