/** A chat activity's answer to the LINE event it handled; null: say nothing. */
export interface ChatAnswer {
  text: string | null;
}
