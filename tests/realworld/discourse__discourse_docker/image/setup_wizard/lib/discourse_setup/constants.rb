# frozen_string_literal: true

module DiscourseSetup
  # Free subdomain configuration via Discourse ID
  FREE_DOMAIN_BASE = "discourse.diy"
  DISCOURSE_ID_URL = "https://id.discourse.com"
  DISCOURSE_ID_SUBDOMAIN_PATH = "/my/subdomain"
  DISCOURSE_ID_VERIFY_ENDPOINT = "/subdomain-manager/verify"
end
