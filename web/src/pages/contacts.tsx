// PLACEHOLDER: the contact directory's API is being built on another branch (coord layer).
// When it lands, list and edit contacts here from its endpoints; do not invent them before.
import { t } from '../i18n';

export function ContactsPage() {
  return (
    <section>
      <h1>{t('contacts_title')}</h1>
      <p class="placeholder" data-testid="contacts-placeholder">{t('contacts_pending')}</p>
    </section>
  );
}
