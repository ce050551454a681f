/** Version 3: products get a currency and a stock flag. */
export interface Product {
  id: string;
  name: string;
  /**
   * The price in cents (2999 for 29.99).
   */
  priceInCents: number;
  description: string;
  /** @default 'USD' */
  currency: string;
  /** @default true */
  inStock: boolean;
}
