import { onePasswordSettingsSchema } from '../../providers/onepassword/config.js';
import {
  createOnePasswordVault,
  type OnePasswordLocation,
} from '../../providers/onepassword/index.js';
import { API_CREDENTIALS, CONCEALED, TEXT } from '../../providers/onepassword/port.js';
import { fixedClock } from '../../src/clock.js';
import { createOnePasswordFake } from '../support/onepassword-fake.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<OnePasswordLocation>('onepassword', () => {
  const fake = createOnePasswordFake();
  const vault = fake.addVault('Contract');
  const provider = createOnePasswordVault(
    onePasswordSettingsSchema.parse({}),
    { clock: fixedClock(new Date(Date.UTC(2025, 0, 1))), baseDir: '/nonexistent', env: {} },
    { port: fake.port, rateLimit: { sleep: async () => {} } },
  );
  let items = 0;
  return {
    provider,
    primary: true,
    recordsWriteTime: true,
    // Three shapes of a fresh location: no item yet (the first write creates it), an item
    // without the field, and an item whose field is empty, among other fields; the vault is
    // named by title or by id.
    location: () => {
      items += 1;
      const item = `contract-${items}`;
      if (items % 3 === 1)
        return { provider: 'onepassword', vault: 'Contract', item, field: 'credential' };
      const withEmptyField = items % 3 === 0;
      fake.addItem({
        vaultId: vault.id,
        category: API_CREDENTIALS,
        title: item,
        sections: [{ id: 'extra', title: 'Extra' }],
        fields: [
          { id: 'username', title: 'username', fieldType: TEXT, value: 'svc-sync' },
          { id: 'note', title: 'note', sectionId: 'extra', fieldType: TEXT, value: 'keep me' },
          ...(withEmptyField
            ? [{ id: 'credential', title: 'credential', fieldType: CONCEALED, value: '' }]
            : []),
        ],
        notes: 'hand-written notes',
        tags: ['cativa'],
      });
      return { provider: 'onepassword', vault: vault.id, item, field: 'credential' };
    },
    cleanup: async () => {},
  };
});
