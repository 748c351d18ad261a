/**
 * State as it arrives over the wire (what a page holds after a snapshot crossed it), for
 * comparing server and page.
 */
export const overJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
