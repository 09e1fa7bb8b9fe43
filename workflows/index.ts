// Every workflow the worker runs; the bundler starts here.
export { chatOrderWorkflow } from './chat-order.ts';
