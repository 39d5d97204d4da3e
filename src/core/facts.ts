// The address book of a topology and the questions asked of it (owners, free addresses, usage,
// machine networks, VIP backends). Split in three modules; import from here.
export * from './factbook/book';
export * from './factbook/usage';
export * from './factbook/roles';
