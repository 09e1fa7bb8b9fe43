/**
 * The pure business rules the web app shares with the server, from the repository's domain/.
 * One import path for the whole app, so no component reaches across the tree on its own.
 */
export { formatNtd } from '../../../domain/money.ts';
export { formatTaipeiDateTime, taipeiDayKey, taipeiDayRange } from '../../../domain/taipei-time.ts';
export { CUSTOMER_FILTERS, VIP_MIN_PURCHASES, type CustomerFilter } from '../../../domain/customers/customer-stats.ts';
export {
  ORDER_STATUSES,
  PLUS_ONE_ORDER_STATUSES,
  MAX_TRACKING_NUMBER_LENGTH,
  isOrderStatus,
  normalizeTrackingNumber,
  orderStatusesForShop,
  type OrderStatus,
} from '../../../domain/orders/order-status.ts';
export {
  FREE_TEXT_MAX_LENGTH,
  ORDER_MESSAGE_TEMPLATE_IDS,
  ORDER_MESSAGE_TEMPLATES,
  renderOrderMessage,
  type OrderMessageTemplateId,
} from '../../../domain/orders/order-message-templates.ts';
export {
  ACCESS_LEVELS,
  ROLES,
  ROLE_LIMITS,
  ROLE_DEFAULTS,
  atLeast,
  can,
  effectivePermissions,
  isPageKey,
  visiblePages,
  type Access,
  type PageKey,
  type Permissions,
  type Role,
} from '../../../domain/team/permissions.ts';
export {
  ADMIN_PAGES,
  MENU_GROUPS,
  pageApplies,
  pagesByGroup,
  type AdminPage,
  type AdminMenuGroup,
} from '../../../domain/team/admin-pages.ts';
export { ORDERS_READ } from '../../../domain/team/page-sets.ts';
export { SLUG_PATTERN_SOURCE, normalizeSlug, slugProblem } from '../../../domain/tenant-slug.ts';
export {
  PASSWORD_MIN_LENGTH,
  isValidEmail,
  isValidName,
  formatPhone,
  isValidPhone,
  normalizeEmail,
  normalizePhone,
  passwordProblem,
} from '../../../domain/team/credentials.ts';
export {
  PRODUCT_FILTERS,
  newProductSchema,
  productEditSchema,
  productFields,
  type ProductFilter,
} from '../../../domain/catalog/product-rules.ts';
export { MAX_IMAGE_BYTES, sniffImageType } from '../../../domain/catalog/image-type.ts';
export { UNLIMITED_STOCK, isLowStock } from '../../../domain/orders/stock.ts';
export {
  RANGE_PRESETS,
  dayKeyToIsoDate,
  niceCeiling,
  reportRangeFromQuery,
  reportRangeQuery,
  shortDay,
  weekdayOfDayKey,
  type RangePreset,
  type ReportRange,
} from '../../../domain/insights/report-range.ts';
export {
  PAYMENT_KEYS,
  PICKUP_KEYS,
  REVENUE_CLASSES,
  type PaymentKey,
  type PickupKey,
  type RevenueClass,
} from '../../../domain/insights/revenue-class.ts';
export { ORDER_NOTE_MAX_LENGTH, orderNoteSchema } from '../../../domain/orders/order-notes.ts';
export {
  SHOP_KINDS,
  runsRestaurant,
  sellsByLine,
  shopKindSchema,
  type ShopKind,
} from '../../../domain/restaurant/shop-kind.ts';
export { fieldErrors } from '../../../domain/form-errors.ts';
export { orderSettingsSchema, type OrderSettings } from '../../../domain/orders/order-settings.ts';
export { notificationSettingsSchema } from '../../../domain/orders/notification-settings.ts';
export {
  branchEditSchema,
  coordinatesFromMapUrl,
  newBranchSchema,
  type OrderingStatus,
} from '../../../domain/restaurant/branch-rules.ts';
export {
  DELIVERY_AREAS,
  SLOT_MINUTES,
  TABLES_MAX,
  expandTables,
  pickupMethodsSchema,
  zoneErrors,
  type DeliveryArea,
  type DeliveryZone,
  type PickupMethods,
} from '../../../domain/restaurant/pickup-methods.ts';
export {
  CART_LINES_MAX,
  LINE_QUANTITY_MAX,
  deliveryRefusalMessage,
  priceCart,
  type CartLine,
  type PricedCart,
  type PricedMenuItem,
} from '../../../domain/restaurant/cart-pricing.ts';
export {
  ADDRESS_MAX,
  CONTACT_NAME_MAX,
  LINE_NOTE_MAX,
  ORDER_NOTE_MAX,
  checkoutLineSchema,
  checkoutSchema,
  quoteSchema,
} from '../../../domain/restaurant/checkout.ts';
export {
  UNLIMITED,
  adjustedStock,
  branchCapacitySchema,
  itemCapacitySchema,
  minutesLeft,
  pauseSchema,
  stockSchema,
  taipeiTimeToday,
} from '../../../domain/restaurant/daily-ops.ts';
export {
  branchAccessSchema,
  currentBranch,
  type BranchAccess,
  type CurrentBranch,
  type NoBranchReason,
} from '../../../domain/restaurant/branch-access.ts';
export {
  TAGS_PER_ITEM_MAX,
  branchItemSchema,
  categorySchema,
  itemMenuSchema,
  optionGroupSchema,
  priceOf,
  tagsSchema,
  validateSelection,
  type MenuGroup,
} from '../../../domain/catalog/menu-rules.ts';
export {
  ANNOUNCEMENT_MAX,
  DESCRIPTION_MAX,
  DISPLAY_NAME_MAX,
  STORE_IMAGE_BOXES,
  isAnnouncementShown,
  nextAnnouncementChange,
  storeProfileSchema,
  taipeiLocalToInstant,
  type StoreImageKind,
  type StoreProfile,
} from '../../../domain/restaurant/store-profile.ts';
export {
  THEME_CHOICES,
  THEME_PRESETS,
  brandColorProblem,
  normalizeHex,
  themeColors,
  type ThemeChoice,
  type ThemeColors,
} from '../../../domain/restaurant/store-theme.ts';
export {
  catalogueShareLink,
  productPagePath,
  productShareLink,
  productShareText,
  shopPagePath,
} from '../../../domain/storefront/share-links.ts';
export {
  ORDER_AHEAD_DAYS_MAX,
  PERIODS_PER_DAY_MAX,
  WEEK_ORDER,
  businessHoursSchema,
  hoursErrors,
  openingStatus,
  orderSlots,
  slotsOn,
  taipeiClock,
  type BusinessHours,
  type OpeningStatus,
  type Period,
  type SpecialDate,
} from '../../../domain/restaurant/business-hours.ts';
export {
  ACTIVE_RESTAURANT_STATUSES,
  CUSTOMER_CANCEL_REASONS_ZH,
  REASON_MAX,
  REJECT_REASONS_ZH,
  RESTAURANT_ACTION_RULES,
  RESTAURANT_ORDER_STATUSES,
  actionsFor,
  isFinalRestaurantStatus,
  isRestaurantOrderStatus,
  type ActiveRestaurantStatus,
  type RestaurantAction,
  type RestaurantOrderStatus,
} from '../../../domain/restaurant/restaurant-order-status.ts';
export {
  ACCEPT_WITHIN_MAX,
  DEFAULT_ORDER_HANDLING,
  PICKUP_REMINDER_MAX,
  orderHandlingSchema,
  type OrderHandling,
} from '../../../domain/restaurant/order-handling.ts';
export { billingBanner, type BillingBannerKind, type BillingSummary } from '../../../domain/billing/billing-summary.ts';
export { PLAN_FEATURES, type PlanFeature } from '../../../domain/billing/features.ts';
export { HELP_TOPICS, lineChatUrl, type HelpTopic } from '../../../domain/support/help-topics.ts';
export {
  PRINTER_KINDS,
  PRINT_METHODS,
  COPIES_MAX,
  formatMac,
  printerInputSchema,
  type PrinterKind,
  type PrintMethod,
} from '../../../domain/printing/printer-settings.ts';
export { uberEatsConnectionSchema } from '../../../domain/ubereats/connection-settings.ts';
export {
  DELIVERY_BOOK_WHEN,
  DELIVERY_FEE_PAYERS,
  DELIVERY_SERVICE_TYPES,
  deliverySettingsSchema,
} from '../../../domain/delivery/delivery-settings.ts';
export { DELIVERY_STAGE_LABELS_ZH } from '../../../domain/delivery/delivery-status.ts';
export {
  GENDERS,
  PRIVACY_NOTICE_VERSION,
  isValidBirthday,
  type Gender,
} from '../../../domain/members/member-profile.ts';
export {
  DEFAULT_POINT_RULE,
  pointRuleProblems,
  pointsEarned,
  redeemPoints,
  redeemsPoints,
  type PointsOffer,
} from '../../../domain/members/points.ts';
export { tierProblems } from '../../../domain/members/tiers.ts';
export {
  ISSUED_COUPON_STATUSES,
  POINT_ENTRY_KINDS,
  isSystemPointNote,
  type IssuedCouponStatus,
  type PointEntryKind,
} from '../../../domain/members/records.ts';
export {
  ANALYTICS_PRESETS,
  analyticsRangeFromQuery,
  analyticsRangeQuery,
  type AnalyticsPreset,
  type AnalyticsRange,
} from '../../../domain/members/analytics-range.ts';
export { foldOf, type StoredDiscount } from '../../../domain/promotions/discount-rules.ts';
export { promoCodeInputSchema, promoCodeLimitRefusal } from '../../../domain/promotions/promo-codes.ts';
export { PROMO_CODE_TYPED_MAX, discountChoicesSchema } from '../../../domain/promotions/discount-choices.ts';
export { COUPON_NAME_MAX, couponInputSchema } from '../../../domain/promotions/coupons.ts';
export {
  CAMPAIGN_KINDS,
  campaignScheduleId,
  couponCampaignInputSchema,
  type CampaignKind,
} from '../../../domain/promotions/coupon-campaigns.ts';
export {
  PROMOTION_NAME_MAX,
  promotionInputSchema,
  type PromotionPhase,
} from '../../../domain/promotions/promotions.ts';
export {
  RULE_TAG_PRESETS,
  describeSegment,
  type Segment,
  type SegmentCondition,
} from '../../../domain/members/segment.ts';
export {
  PAYMENT_METHODS,
  PAYMENT_SCOPES,
  paymentSettingsSchema,
  transferDigitsSchema,
  type PaymentMethod,
  type PaymentScope,
  type PaymentSettings,
} from '../../../domain/payments/payment-settings.ts';
export { refundableAmount, refundRequestSchema, REFUND_REASON_MAX } from '../../../domain/payments/refunds.ts';
export {
  INVOICE_RECIPIENT_KINDS,
  invoiceRecipientSchema,
  type InvoiceRecipient,
  type InvoiceRecipientKind,
} from '../../../domain/invoices/invoice-recipient.ts';
export { ISSUE_ON, invoiceSettingsSchema, type IssueOn } from '../../../domain/invoices/invoice-settings.ts';
export { INVOICE_STATUSES, type InvoiceStatus } from '../../../domain/invoices/invoice-life.ts';
export {
  ADMIN_LOCALES,
  SHOP_LOCALE_HEADER,
  systemSettingsSchema,
  type AdminLocale,
  type SystemSettings,
} from '../../../domain/team/system-settings.ts';
export { RETENTION_MONTHS, type RetentionMonths } from '../../../domain/customers/data-retention.ts';
