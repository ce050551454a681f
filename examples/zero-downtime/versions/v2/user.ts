/** v2 of the /users handler: age as a number. */
export interface User {
  id: number;
  name: string;
  age: number;
}
