// The address book of a topology and the questions asked of it (owners, free addresses, usage,
// machine networks, VIP backends). Split in three modules; import from here.
export * from './facts/book';
export * from './facts/usage';
export * from './facts/roles';
