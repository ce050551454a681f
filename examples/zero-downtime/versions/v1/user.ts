/** v1 of the /users handler: age as the form sent it, text. */
export interface User {
  id: number;
  name: string;
  age: string;
}
